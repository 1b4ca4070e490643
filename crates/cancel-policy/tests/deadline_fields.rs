//! The seller-deadline fields are additions: policies and orders stored or written before
//! them still parse, and the fields round-trip.

use cancel_policy::{Policy, Preset, SilenceOutcome};

#[test]
fn a_policy_without_the_deadline_fields_parses_with_no_deadline() {
    let mut json = serde_json::to_value(Preset::Amazon.policy()).unwrap();
    let fields = json.as_object_mut().unwrap();
    assert!(
        fields.remove("seller_response_hours").is_none(),
        "amazon has no deadline: the field is left out"
    );
    fields.remove("on_seller_silence");
    let policy: Policy = serde_json::from_value(json).unwrap();
    assert_eq!(policy.seller_response_hours, None);
    assert_eq!(policy.on_seller_silence, SilenceOutcome::Approve);
    assert_eq!(policy, Preset::Amazon.policy());
}

#[test]
fn tiktok_shop_approves_requests_its_sellers_leave_unanswered_for_48_hours() {
    let policy = Preset::TiktokShop.policy();
    assert_eq!(
        (policy.seller_response_hours, policy.on_seller_silence),
        (Some(48), SilenceOutcome::Approve)
    );
    let json = serde_json::to_value(&policy).unwrap();
    assert_eq!(
        (
            json["seller_response_hours"].as_u64(),
            json["on_seller_silence"].as_str()
        ),
        (Some(48), Some("approve"))
    );
    assert!(Policy {
        seller_response_hours: Some(0),
        ..policy.clone()
    }
    .validate()
    .is_err());
}
