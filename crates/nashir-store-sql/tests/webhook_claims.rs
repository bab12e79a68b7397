//! Webhook deliveries are claimed by one worker at a time, however many nodes'
//! workers ask at once (issue 17: once per event per endpoint, even with several nodes).

use std::sync::Arc;

use jiff::Timestamp;
use nashir_app::WebhookStore;
use nashir_app::records::Audit;
use nashir_store_sql::SqlStore;

fn ts(s: &str) -> Timestamp {
    s.parse().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_workers_claim_each_delivery_once_and_settled_ones_never_again() {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(SqlStore::open_for_test(dir.path()).await.unwrap());
    let now = ts("2026-01-01T00:00:00Z");
    let audit = Audit {
        by: None,
        action: "webhook-add".into(),
        target: String::new(),
    };
    let mut hooks = Vec::new();
    for n in 0..2 {
        let url = format!("https://hooks{n}.example/in");
        let events = ["article.published".to_string()];
        hooks.push(
            store
                .add_webhook(&url, &events, "whsec_x", &audit, now)
                .await
                .unwrap(),
        );
    }
    // Thirty events' deliveries, as the writes that make them queue them.
    for i in 0..30 {
        sqlx::query(
            "INSERT INTO webhook_deliveries (webhook_id, event, payload, created_at, next_at)
             VALUES ($1, 'article.published', $2, $3, $3)",
        )
        .bind(hooks[i % 2])
        .bind(format!("{{\"n\":{i}}}"))
        .bind(now.as_second())
        .execute(store.pool())
        .await
        .unwrap();
    }
    let hold = ts("2026-01-01T00:05:00Z");
    let workers: Vec<_> = (0..8)
        .map(|_| {
            let store = store.clone();
            tokio::spawn(async move {
                let mut got = Vec::new();
                while let Some(d) = store.claim_delivery(now, hold).await.unwrap() {
                    got.push(d.id);
                }
                got
            })
        })
        .collect();
    let mut all = Vec::new();
    for w in workers {
        all.extend(w.await.unwrap());
    }
    all.sort();
    let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM webhook_deliveries ORDER BY id")
        .fetch_all(store.pool())
        .await
        .unwrap();
    assert_eq!(all, ids, "each delivery claimed exactly once");

    // Settled deliveries are never claimed again, even once their hold is over; an
    // unsettled one comes back to the next worker after its hold.
    for &id in &ids[1..] {
        store.delivery_done(id, 200, now).await.unwrap();
    }
    let later = ts("2026-01-01T00:06:00Z");
    let again = store
        .claim_delivery(later, ts("2026-01-01T00:11:00Z"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!((again.id, again.attempts), (ids[0], 2));
    assert!(store.claim_delivery(later, later).await.unwrap().is_none());
}
