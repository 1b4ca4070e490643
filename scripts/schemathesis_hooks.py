"""A check of our own for schemathesis (scripts/contract.sh loads it with SCHEMATHESIS_HOOKS).

A cancellation (or parcel) request that fits the schema can still be refused by the merchant's policy
(no reason where one is required, an item id the order does not have, ...): openapi.yaml
documents that 400 with `refusals` saying what to fix, so schemathesis.toml lets
positive_data_acceptance take a 400 there. This check keeps that allowance narrow: a
schema-valid request refused with a 400 *without* `refusals` is a contract mismatch (the
server refused the shape the schema allows, as it once did for a quantity written 3.0).
"""

import schemathesis

POLICY_CHECKED = {
    "POST /v1/orders/{order_id}/cancellations",
    "POST /v1/orders/{order_id}/parcel-requests",
}


@schemathesis.check
def schema_valid_requests_are_refused_only_by_the_policy(ctx, response, case):
    """A 400 to a schema-valid request must be the policy's refusal, with `refusals`."""
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive:
        return None
    if case.operation.label not in POLICY_CHECKED or response.status_code != 400:
        return None
    try:
        body = response.json()
    except ValueError:
        body = None
    if not isinstance(body, dict) or not body.get("refusals"):
        detail = body.get("detail") if isinstance(body, dict) else response.text
        raise AssertionError(
            f"A schema-valid request was refused without policy refusals: {detail}"
        )
    return None
