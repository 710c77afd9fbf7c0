use calorie_e2e::{unique_uuid, Stack};
use serde_json::json;

fn event(kind: &str, amount: f64, at: &str) -> serde_json::Value {
    json!({"event_type": kind, "calories_amount": amount, "event_timestamp": at})
}

#[test]
fn one_event_is_stored_read_corrected_and_deleted() {
    let stack = Stack::from_env();
    let user = stack.new_user();
    let mut body = event("consumed", 512.25, "2025-03-09T12:30:00+01:00");
    body["metadata"] = json!({"meal": "pranzo", "note": "caffè ☕"});
    body["source"] = json!("nutrition_scan");
    let created = stack.post(&user, "/api/v1/calorie-events", &body);
    assert_eq!(created.status, 201, "{}", created.text);
    let id = created.json["id"].as_str().unwrap().to_owned();
    assert_eq!(created.json["calories_amount"].as_f64(), Some(512.25));
    assert_eq!(created.json["metadata"]["note"], "caffè ☕");
    let path = format!("/api/v1/calorie-events/{id}");

    let read = stack.get_as(&user, &path);
    assert_eq!(read.status, 200);
    assert_eq!(read.json["source"], "nutrition_scan");

    let corrected = stack.patch(&user, &path, &json!({"calories_amount": 980}));
    assert_eq!(corrected.status, 200, "{}", corrected.text);
    assert_eq!(corrected.json["calories_amount"].as_f64(), Some(980.0));
    // The amount's range follows the type: 980 kcal is no weight in kg.
    assert_eq!(
        stack
            .patch(&user, &path, &json!({"event_type": "weight"}))
            .problem(422)["field"],
        "calories_amount"
    );
    assert_eq!(
        stack.get_as(&user, &path).json["event_type"],
        "consumed",
        "unchanged"
    );

    assert_eq!(stack.delete(&user, &path).status, 204);
    stack.get_as(&user, &path).problem(404);
    stack.delete(&user, &path).problem(404);
}

#[test]
fn a_retried_event_with_the_same_id_is_stored_once() {
    let stack = Stack::from_env();
    let user = stack.new_user();
    let id = unique_uuid();
    let mut body = event("burned_exercise", 300.0, "2025-03-09T18:00:00Z");
    body["id"] = json!(id);
    let first = stack.post(&user, "/api/v1/calorie-events", &body);
    let retry = stack.post(&user, "/api/v1/calorie-events", &body);
    assert_eq!(
        (first.status, retry.status),
        (201, 200),
        "{} / {}",
        first.text,
        retry.text
    );
    assert_eq!(retry.json["id"], id.as_str());
    let page = stack.get_as(&user, "/api/v1/calorie-events");
    assert_eq!(page.json["events"].as_array().unwrap().len(), 1);
}

#[test]
fn a_batch_is_atomic_and_idempotent() {
    let stack = Stack::from_env();
    let user = stack.new_user();
    let events: Vec<_> = (0..50)
        .map(|i| {
            let mut e = event(
                "consumed",
                10.0 + f64::from(i),
                &format!("2025-03-09T{:02}:{:02}:00Z", i / 4, (i % 4) * 15),
            );
            e["id"] = json!(unique_uuid());
            e
        })
        .collect();

    // One bad item (index 37): nothing is stored, and the item is named.
    let mut bad = events.clone();
    bad[37]["calories_amount"] = json!(-5);
    let refused = stack.post(
        &user,
        "/api/v1/calorie-events/batch",
        &json!({"events": bad}),
    );
    assert_eq!(
        refused.problem(422)["field"],
        "events[37].calories_amount",
        "{}",
        refused.text
    );
    assert_eq!(
        stack.get_as(&user, "/api/v1/calorie-events").json["events"]
            .as_array()
            .unwrap()
            .len(),
        0
    );

    let stored = stack.post(
        &user,
        "/api/v1/calorie-events/batch",
        &json!({"events": events}),
    );
    assert_eq!(stored.status, 201, "{}", stored.text);
    assert_eq!(stored.json["inserted"], 50);
    assert_eq!(
        stored.json["events"][0]["id"], events[0]["id"],
        "answered in request order"
    );
    assert_eq!(stored.json["events"][49]["id"], events[49]["id"]);
    assert_eq!(stored.json["events"][0]["inserted"], true);

    let again = stack.post(
        &user,
        "/api/v1/calorie-events/batch",
        &json!({"events": events}),
    );
    assert_eq!(again.status, 200, "{}", again.text);
    assert_eq!(again.json["inserted"], 0);
    assert_eq!(again.json["duplicates"].as_array().unwrap().len(), 50);
    assert_eq!(again.json["duplicates"][0], events[0]["id"]);
    assert_eq!(again.json["events"][0]["inserted"], false);
    assert_eq!(
        again.json["events"][0]["event_timestamp"], stored.json["events"][0]["event_timestamp"],
        "a retried event is answered as stored"
    );
    let page = stack.get_as(&user, "/api/v1/calorie-events?limit=1000");
    assert_eq!(
        page.json["events"].as_array().unwrap().len(),
        50,
        "stored once"
    );
}

#[test]
fn an_id_already_used_by_another_account_fails_the_whole_batch() {
    let stack = Stack::from_env();
    let alice = stack.new_user();
    let bob = stack.new_user();
    let taken = unique_uuid();
    let mut alices = event("consumed", 100.0, "2025-03-09T08:00:00Z");
    alices["id"] = json!(taken);
    assert_eq!(
        stack.post(&alice, "/api/v1/calorie-events", &alices).status,
        201
    );

    let mut bobs = event("consumed", 200.0, "2025-03-09T09:00:00Z");
    bobs["id"] = json!(taken);
    let fresh = event("consumed", 300.0, "2025-03-09T10:00:00Z");
    let answer = stack.post(
        &bob,
        "/api/v1/calorie-events/batch",
        &json!({"events": [fresh, bobs]}),
    );
    answer.problem(409);
    assert_eq!(
        stack.get_as(&bob, "/api/v1/calorie-events").json["events"]
            .as_array()
            .unwrap()
            .len(),
        0
    );
    let alices_event = stack.get_as(&alice, &format!("/api/v1/calorie-events/{taken}"));
    assert_eq!(
        alices_event.json["calories_amount"].as_f64(),
        Some(100.0),
        "untouched"
    );
}

#[test]
fn events_are_listed_newest_first_filtered_and_paged_by_cursor() {
    let stack = Stack::from_env();
    let user = stack.new_user();
    let events: Vec<_> = (0..25)
        .map(|i| {
            let kind = if i % 5 == 0 {
                "burned_exercise"
            } else {
                "consumed"
            };
            event(kind, 100.0, &format!("2025-03-{:02}T12:00:00Z", i + 1))
        })
        .collect();
    assert_eq!(
        stack
            .post(
                &user,
                "/api/v1/calorie-events/batch",
                &json!({"events": events})
            )
            .status,
        201
    );

    let mut seen = Vec::new();
    let mut path = "/api/v1/calorie-events?limit=10".to_owned();
    loop {
        let page = stack.get_as(&user, &path);
        assert_eq!(page.status, 200, "{}", page.text);
        for e in page.json["events"].as_array().unwrap() {
            seen.push(e["event_timestamp"].as_str().unwrap().to_owned());
        }
        match page.json["next_cursor"].as_str() {
            Some(cursor) => path = format!("/api/v1/calorie-events?limit=10&cursor={cursor}"),
            None => break,
        }
    }
    assert_eq!(seen.len(), 25, "every event exactly once across pages");
    let mut sorted = seen.clone();
    sorted.sort();
    sorted.reverse();
    assert_eq!(seen, sorted, "newest first");

    let window = stack.get_as(
        &user,
        "/api/v1/calorie-events?from=2025-03-05T00:00:00Z&to=2025-03-10T00:00:00%2B00:00",
    );
    assert_eq!(
        window.json["events"].as_array().unwrap().len(),
        5,
        "{}",
        window.text
    );
    let burned = stack.get_as(&user, "/api/v1/calorie-events?event_type=burned_exercise");
    assert_eq!(burned.json["events"].as_array().unwrap().len(), 5);
    let manual = stack.get_as(&user, "/api/v1/calorie-events?source=healthkit");
    assert_eq!(manual.json["events"].as_array().unwrap().len(), 0);
}
