//! The merchant's own policy from a file: TOML or JSON with the fields of `GET /v1/policy`.
//! Every error names the file, the field and why, so a merchant can fix it without reading
//! code: a typo'd field is refused rather than silently ignored.

use crate::config::PolicyFormat;
use cancel_policy::{LabelProblem, Policy, PolicyError, Preset};
use serde_json::Value;
use std::path::Path;

/// Reads, parses and validates a policy file. The format follows the extension (`.toml`,
/// `.json`).
pub fn load(path: &Path) -> Result<Policy, String> {
    let shown = path.display();
    let format = match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("toml") => PolicyFormat::Toml,
        Some("json") => PolicyFormat::Json,
        _ => {
            return Err(format!(
                "policy file {shown}: name it .toml or .json so its format is known"
            ))
        }
    };
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("policy file {shown}: cannot read it: {e}"))?;
    parse(&text, format).map_err(|e| format!("policy file {shown}: {e}"))
}

/// Parses and validates a policy in `format`. Errors name the field.
pub fn parse(text: &str, format: PolicyFormat) -> Result<Policy, String> {
    let value: Value = match format {
        PolicyFormat::Json => {
            serde_json::from_str(text).map_err(|e| format!("not valid JSON: {e}"))?
        }
        PolicyFormat::Toml => {
            let table: toml::Table =
                toml::from_str(text).map_err(|e| format!("not valid TOML: {e}"))?;
            serde_json::to_value(table).map_err(|e| format!("not valid TOML: {e}"))?
        }
    };
    from_value(value)
}

/// A policy from its JSON form, refusing unknown fields and checking every rule. A reason's
/// `label` given as one text is that text for every language: its `en` text, which every
/// other language falls back to.
pub fn from_value(mut value: Value) -> Result<Policy, String> {
    unknown_fields(&value, &known_shape(), "")?;
    let reasons = value.get_mut("reasons").and_then(Value::as_array_mut);
    for reason in reasons.into_iter().flatten() {
        if let Some(label) = reason.get_mut("label").filter(|l| l.is_string()) {
            *label = serde_json::json!({ cancel_policy::REQUIRED_TAG: label.take() });
        }
    }
    let policy: Policy = serde_json::from_value(value).map_err(|e| e.to_string())?;
    policy
        .validate()
        .map_err(|e| format!("{}: {e}", field_of(&e)))?;
    Ok(policy)
}

/// A policy with every optional field present: the shape a file may have.
fn known_shape() -> Value {
    let full = Policy {
        free_cancellation_minutes: Some(1),
        seller_response_hours: Some(1),
        ..Preset::Temu.policy()
    };
    let mut shape = serde_json::to_value(full).expect("policies serialise");
    // A label's tags are the merchant's: its shape is checked by `Label` itself.
    shape["reasons"][0]["label"] = Value::String(String::new());
    shape
}

fn unknown_fields(value: &Value, shape: &Value, path: &str) -> Result<(), String> {
    match (value, shape) {
        (Value::Object(fields), Value::Object(known)) => {
            for (key, inner) in fields {
                let here = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                let Some(known_inner) = known.get(key) else {
                    let names: Vec<&str> = known.keys().map(String::as_str).collect();
                    return Err(format!(
                        "{here}: unknown field; the fields here are {}",
                        names.join(", ")
                    ));
                };
                unknown_fields(inner, known_inner, &here)?;
            }
            Ok(())
        }
        (Value::Array(items), Value::Array(known)) => match known.first() {
            Some(shape) => items
                .iter()
                .enumerate()
                .try_for_each(|(i, item)| unknown_fields(item, shape, &format!("{path}[{i}]"))),
            None => Ok(()),
        },
        _ => Ok(()),
    }
}

/// The field a validation error is about.
fn field_of(error: &PolicyError) -> String {
    match error {
        PolicyError::NotMonotonic { later, .. } => format!("outcomes.{}", later.as_str()),
        PolicyError::WindowLeadsToCancel => "after_window".into(),
        PolicyError::NoRefundDestination => "refund_destinations".into(),
        PolicyError::NoReasons | PolicyError::DuplicateReason(_) => "reasons".into(),
        PolicyError::ReasonLabel { index, problem, .. } => match problem {
            LabelProblem::EmptyText(tag) | LabelProblem::BadTag(tag) => {
                format!("reasons[{index}].label.{tag}")
            }
            _ => format!("reasons[{index}].label"),
        },
        PolicyError::ResponseHoursOutOfRange(_) => "seller_response_hours".into(),
        PolicyError::RefundTimeOutOfRange(destination, _) => {
            format!("refund_times.{}", destination.as_str())
        }
        PolicyError::ParcelRequestState { request, .. } => {
            format!("parcel_requests.{}", request.as_str())
        }
    }
}

/// A preset as a policy file, a merchant's starting point.
pub fn show(preset: Preset, format: PolicyFormat) -> String {
    let origin = format!("from the preset {:?}", preset.name());
    write(&preset.policy(), format, &origin)
}

/// A policy file's policy, checked, written out again: in the other format, or to see it
/// as the server reads it (every field, the reasons' labels per locale included).
pub fn show_file(path: &Path, format: PolicyFormat) -> Result<String, String> {
    let policy = load(path)?;
    Ok(write(
        &policy,
        format,
        &format!("as read from {}", path.display()),
    ))
}

/// `policy` as a policy file; `origin` says where it came from in the TOML's header.
pub fn write(policy: &Policy, format: PolicyFormat, origin: &str) -> String {
    match format {
        PolicyFormat::Json => {
            serde_json::to_string_pretty(policy).expect("policies serialise") + "\n"
        }
        PolicyFormat::Toml => {
            // TOML has no null: say which optional fields exist when the policy leaves them out.
            let mut header = format!(
                "# Cancellation policy, {origin}. Check it with\n#   order-cancel-server policy check FILE\n"
            );
            if policy.free_cancellation_minutes.is_none() {
                header.push_str("# Optional: free_cancellation_minutes = 30  (cancel_now only so long after purchase)\n");
            }
            if policy.seller_response_hours.is_none() {
                header.push_str("# Optional: seller_response_hours = 48  (then on_seller_silence decides a request)\n");
            }
            if policy.reasons.iter().all(|r| r.label.is_none()) {
                header.push_str("# Optional: reasons of your own, [[reasons]] with a code and label = \"…\" or\n#   label = { en = \"Found it cheaper\", de = \"Woanders günstiger gefunden\" }\n");
            }
            header.push('\n');
            header + &toml::to_string(policy).expect("policies serialise as TOML")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cancel_policy::{ItemState, ParcelRequests};

    #[test]
    fn every_preset_round_trips_in_both_formats() {
        for preset in Preset::ALL {
            for format in [PolicyFormat::Toml, PolicyFormat::Json] {
                let text = show(preset, format);
                assert_eq!(
                    parse(&text, format),
                    Ok(preset.policy()),
                    "{preset:?} {format:?}\n{text}"
                );
            }
        }
    }

    fn with(change: impl FnOnce(&mut Value)) -> Result<Policy, String> {
        let mut value = serde_json::to_value(Preset::Temu.policy()).unwrap();
        change(&mut value);
        from_value(value)
    }

    #[test]
    fn errors_name_the_field_and_why() {
        type Change = Box<dyn FnOnce(&mut Value)>;
        let cases: [(&str, Change); 7] = [
            ("outcomes.packed: state packed would be more cancellable than the earlier state processing", Box::new(|v| {
                v["outcomes"]["processing"] = "request_cancellation".into();
                v["outcomes"]["packed"] = "cancel_now".into();
            })),
            ("after_window", Box::new(|v| v["after_window"] = "cancel_now".into())),
            ("refund_destinations", Box::new(|v| v["refund_destinations"] = serde_json::json!([]))),
            ("reasons", Box::new(|v| v["reasons"] = serde_json::json!([]))),
            ("seller_response_hours", Box::new(|v| v["seller_response_hours"] = 0.into())),
            ("free_cancelation_minutes: unknown field", Box::new(|v| v["free_cancelation_minutes"] = 30.into())),
            ("unknown variant `cancel_later`", Box::new(|v| v["outcomes"]["paid"] = "cancel_later".into())),
        ];
        for (expected, change) in cases {
            let error = with(change).unwrap_err();
            assert!(
                error.contains(expected),
                "{error:?} should say {expected:?}"
            );
        }
        let missing = with(|v| {
            v.as_object_mut().unwrap().remove("after_window");
        });
        assert!(missing
            .unwrap_err()
            .contains("missing field `after_window`"));
    }

    #[test]
    fn parcel_requests_only_where_a_parcel_can_be_stopped() {
        let offer = |request: &str, state: &str| {
            // From packed on, where Temu says "return after delivery", and in `state`.
            with(|v| {
                v["parcel_requests"][request] = serde_json::json!(["packed", "shipped", state])
            })
        };
        // Temu says "return after delivery" from packed on: a parcel request may go beside it.
        let from_packed = with(|v| {
            v["parcel_requests"]["interception_request"] = serde_json::json!(["packed", "shipped"])
        });
        assert_eq!(
            from_packed.unwrap().parcel_requests.interception_request,
            [ItemState::Packed, ItemState::Shipped]
        );
        for (request, state) in [
            ("interception_request", "delivered"),
            ("refusal_notice", "unpaid"),
            // Temu cancels paid items now: a parcel request there would never be offered.
            ("refusal_notice", "paid"),
        ] {
            let error = offer(request, state).unwrap_err();
            let expected =
                format!("parcel_requests.{request}: {request} cannot be offered for {state} items");
            assert!(
                error.starts_with(&expected),
                "{error:?} should start with {expected:?}"
            );
        }
        // Shipped only would let a shipped item's shopper do more than a packed one's.
        let later =
            with(|v| v["parcel_requests"]["refusal_notice"] = serde_json::json!(["shipped"]))
                .unwrap_err();
        assert!(
            later.starts_with("outcomes.shipped: state shipped would be more cancellable"),
            "{later:?}"
        );
        let half = with(|v| v["parcel_requests"] = serde_json::json!({"refusal_notice": []}));
        assert!(half
            .unwrap_err()
            .contains("missing field `interception_request`"));
        let unknown = offer("refusal_notice", "lost").unwrap_err();
        assert!(unknown.contains("unknown variant `lost`"), "{unknown:?}");
        let misspelt =
            with(|v| v["parcel_requests"]["interception"] = serde_json::json!([])).unwrap_err();
        assert!(
            misspelt.starts_with("parcel_requests.interception: unknown field"),
            "{misspelt:?}"
        );
    }

    #[test]
    fn files_written_before_parcel_requests_still_load() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        for (file, preset) in [
            (
                "independent_shop_before_parcel_requests.toml",
                Preset::IndependentShop,
            ),
            ("amazon_before_parcel_requests.json", Preset::Amazon),
        ] {
            let policy = load(&dir.join(file)).unwrap();
            assert_eq!(policy.parcel_requests, ParcelRequests::default(), "{file}");
            let today = Policy {
                parcel_requests: ParcelRequests::default(),
                ..preset.policy()
            };
            assert_eq!(policy, today, "{file}");
        }
    }

    #[test]
    fn old_policies_without_the_deadline_fields_still_load() {
        let mut value = serde_json::to_value(Preset::Amazon.policy()).unwrap();
        value.as_object_mut().unwrap().remove("on_seller_silence");
        let policy = from_value(value).unwrap();
        assert_eq!(policy.seller_response_hours, None);
    }

    #[test]
    fn files_need_a_known_extension_and_say_which_file() {
        let dir = std::env::temp_dir().join(format!("policy-file-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let bad = dir.join("shop.toml");
        std::fs::write(&bad, "name = \"shop\"\n").unwrap();
        let error = load(&bad).unwrap_err();
        assert!(
            error.starts_with(&format!("policy file {}: ", bad.display()))
                && error.contains("missing field"),
            "{error}"
        );
        assert!(load(&dir.join("shop.yaml"))
            .unwrap_err()
            .contains(".toml or .json"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
