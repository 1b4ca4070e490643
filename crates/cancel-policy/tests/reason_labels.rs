//! A merchant's own reasons with labels (issue 25): validated with the rest of the policy,
//! read from old and new JSON alike, and chosen per locale.

use cancel_policy::{Label, LabelProblem, Policy, PolicyError, Preset, Reason};

fn own(code: &str, label: Option<Label>) -> Reason {
    Reason {
        code: code.into(),
        label_key: String::new(),
        label,
        comment_required: false,
    }
}

fn per_locale(pairs: &[(&str, &str)]) -> Label {
    Label(
        pairs
            .iter()
            .map(|(tag, text)| (tag.to_string(), text.to_string()))
            .collect(),
    )
}

fn with_reason(reason: Reason) -> Result<(), PolicyError> {
    let mut policy = Preset::Temu.policy();
    policy.reasons.insert(1, reason);
    policy.validate()
}

#[test]
fn a_policy_with_its_own_labelled_reasons_is_valid() {
    let cheaper = per_locale(&[
        ("en", "Found it cheaper"),
        ("de", "Woanders günstiger gefunden"),
    ]);
    assert_eq!(with_reason(own("price_elsewhere", Some(cheaper))), Ok(()));
    let one = per_locale(&[("en", "Gift no longer needed")]);
    assert_eq!(with_reason(own("gift", Some(one))), Ok(()));
}

#[test]
fn a_bad_label_names_its_reason_and_tag() {
    let cases = [
        (
            Some(per_locale(&[("en", "A"), ("de_DE", "B")])),
            LabelProblem::BadTag("de_DE".into()),
        ),
        (
            Some(per_locale(&[("en", "A"), ("de", "")])),
            LabelProblem::EmptyText("de".into()),
        ),
        (Some(per_locale(&[("de", "B")])), LabelProblem::NoEnglish),
        (
            Some(per_locale(&[("en", " ")])),
            LabelProblem::EmptyText("en".into()),
        ),
        // A byte-order mark shows nothing either (and JSON Schema's `\S` counts it as space).
        (
            Some(per_locale(&[("en", "A"), ("fr", "\u{feff} ")])),
            LabelProblem::EmptyText("fr".into()),
        ),
        (None, LabelProblem::Missing),
    ];
    for (label, problem) in cases {
        let error = with_reason(own("price_elsewhere", label)).unwrap_err();
        assert_eq!(
            error,
            PolicyError::ReasonLabel {
                index: 1,
                code: "price_elsewhere".into(),
                problem: problem.clone()
            }
        );
        assert!(
            error
                .to_string()
                .starts_with("reason \"price_elsewhere\": "),
            "{error}"
        );
    }
}

#[test]
fn old_reasons_read_as_before_and_new_ones_need_no_label_key() {
    let old: Reason = serde_json::from_str(
        r#"{"code": "changed_mind", "label_key": "reason.changed_mind", "comment_required": false}"#,
    )
    .unwrap();
    assert_eq!(old.label, None);
    assert_eq!(old.own_label("de", None), None);
    // Serialised as before: no `label` member when there is none.
    assert!(!serde_json::to_string(&old).unwrap().contains("label\""));
    let new: Reason = serde_json::from_str(
        r#"{"code": "price_elsewhere", "label": {"en": "Found it cheaper", "de": "Woanders günstiger gefunden"}}"#,
    )
    .unwrap();
    assert_eq!(new.label_key, "");
    assert_eq!(
        new.own_label("de-AT", None),
        Some("Woanders günstiger gefunden")
    );
    assert_eq!(
        new.own_label("ja", Some("de")),
        Some("Woanders günstiger gefunden")
    );
    assert_eq!(new.own_label("ja", None), Some("Found it cheaper"));
    let mut policy: Policy = Preset::Amazon.policy();
    policy.reasons.push(new);
    let json = serde_json::to_string(&policy).unwrap();
    assert_eq!(serde_json::from_str::<Policy>(&json).unwrap(), policy);
    assert!(
        json.contains(r#""label":{"en":"Found it cheaper","de":"Woanders günstiger gefunden"}"#),
        "{json}"
    );
}
