//! `PgSchema` leaves nothing behind: its schema exists while the guard lives and is gone once the
//! guard is dropped — also when the test holding it panics. Without `HOMEWARD_TEST_PG` these
//! print a SKIP line and pass.

use homeward_store::Sites;
use homeward_testkit::pg::{PgSchema, TEST_PG};
use homeward_testkit::registry::{site, system};

fn current_thread() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime")
}

#[tokio::test]
async fn a_schema_lives_as_long_as_its_guard() {
    let Some(schema) = PgSchema::from_env("guard_lives").await else {
        return;
    };
    let store = schema.open().await;
    store.create_site(&site("T-PG-1"), system()).await.unwrap();
    let (url, name) = (schema.url().to_owned(), schema.name().to_owned());
    assert!(name.starts_with("hw_guard_lives_"), "{name}");
    assert!(PgSchema::exists(&url, &name).await, "{name} exists");
    drop(store);
    drop(schema);
    assert!(!PgSchema::exists(&url, &name).await, "{name} is dropped");
}

#[test]
fn a_panicking_test_leaves_no_schema() {
    let Ok(url) = std::env::var(TEST_PG) else {
        homeward_testkit::skip(&format!("{TEST_PG} is not set"));
        return;
    };
    let (named, name) = std::sync::mpsc::channel();
    let test_url = url.clone();
    // A test of its own: it seeds its schema, then a check fails.
    let failed = std::thread::spawn(move || {
        current_thread().block_on(async move {
            let schema = PgSchema::create(&test_url, "panics").await;
            let store = schema.open().await;
            store.create_site(&site("T-PG-2"), system()).await.unwrap();
            named.send(schema.name().to_owned()).unwrap();
            panic!("a failing check in a test holding {}", schema.name());
        })
    })
    .join();
    assert!(failed.is_err(), "the inner test panicked");
    let name = name.recv().expect("the inner test named its schema");
    let left = current_thread().block_on(PgSchema::exists(&url, &name));
    assert!(!left, "{name} was left behind");
}
