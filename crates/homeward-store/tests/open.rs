//! Opening stores from `--db` values and running migrations (`homeward migrate`).

use homeward_store::{Backend, MIGRATIONS, StoreError, WriteContext, migrate, open};

#[tokio::test]
async fn a_path_creates_a_sqlite_file_and_migrates_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sub dir?#").join("registry.db");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let location = path.to_str().unwrap();
    let every: Vec<&str> = MIGRATIONS.iter().map(|m| m.name).collect();
    assert_eq!(migrate(location).await.unwrap(), every);
    assert_eq!(every[0], "0001_registry.sql");
    assert!(path.exists());
    assert!(
        migrate(location).await.unwrap().is_empty(),
        "already current"
    );

    let store = open(location).await.unwrap();
    assert_eq!(store.backend(), Backend::Sqlite);
    let ctx = WriteContext {
        actor: None,
        at: homeward_domain::Timestamp(0),
    };
    store
        .create_organization("MND MAKRI", "KR", ctx)
        .await
        .unwrap();
    drop(store);
    let reopened = open(location).await.unwrap();
    assert_eq!(
        reopened.organizations().await.unwrap().len(),
        1,
        "data survives reopening"
    );
}

#[tokio::test]
async fn a_sqlite_url_opens_too() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("url.db");
    let store = open(&format!("sqlite://{}", path.display())).await.unwrap();
    assert_eq!(store.backend(), Backend::Sqlite);
    assert!(path.exists());
}

#[tokio::test]
async fn nonsense_locations_are_refused_clearly() {
    let err = open("  ").await.unwrap_err();
    assert!(err.to_string().contains("postgres://"), "{err}");
    let err = open("/nonexistent-dir/for/sure/registry.db")
        .await
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("/nonexistent-dir/for/sure/registry.db"),
        "{err}"
    );
    let err = open("postgres://nobody:secret@127.0.0.1:1/none")
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Open { .. }), "{err}");
    assert!(
        !err.to_string().contains("secret"),
        "the password is not shown: {err}"
    );
}

/// The store file, its WAL and shared-memory files and a backup are readable by their owner
/// only, whatever the umask (they hold family data and the sealed signing keys).
#[cfg(unix)]
#[tokio::test]
async fn store_wal_and_backup_files_are_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("private.db");
    let store = open(path.to_str().unwrap()).await.unwrap();
    let ctx = WriteContext {
        actor: None,
        at: homeward_domain::Timestamp(0),
    };
    store.create_organization("MND", "KR", ctx).await.unwrap();
    let backup = dir.path().join("copy.db");
    store.backup_to(&backup).await.unwrap();
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    for file in [
        path.clone(),
        dir.path().join("private.db-wal"),
        dir.path().join("private.db-shm"),
        backup.clone(),
    ] {
        assert_eq!(mode(&file), 0o600, "{}", file.display());
    }
    assert!(matches!(
        store.backup_to(&backup).await,
        Err(StoreError::Conflict { .. })
    ));
}
