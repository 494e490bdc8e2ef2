//! Organizations, users, sessions and API tokens.

use homeward_domain::{LocalizedName, OrganizationId, Role, Timestamp, UserId};
use homeward_store::{Store, StoreError};

use crate::fixtures::last_audit;
use crate::fixtures::organization;
use crate::fixtures::{
    T0, add_member, add_user, assert_matches, assert_not_found, ctx, key, new_user, system, token,
    token_user,
};
use homeward_testkit::registry::audited;

pub async fn organizations_and_users(store: &dyn Store) {
    let mnd = organization(store, "MND MAKRI", "KR").await;
    let mva = organization(store, "Ministry of Veterans Affairs", "CN").await;
    let orgs = store.organizations().await.unwrap();
    assert_eq!(
        orgs.iter().map(|o| o.name.as_str()).collect::<Vec<_>>(),
        ["MND MAKRI", "Ministry of Veterans Affairs"]
    );
    assert_eq!(orgs[0].id, mnd);
    assert_eq!(orgs[1].country, "CN");
    assert_eq!(
        orgs[0].names,
        LocalizedName::original("MND MAKRI"),
        "as entered"
    );

    // Its name in three languages; the original stays its name, and a write that changes it or
    // names an unknown organization changes nothing.
    let names = LocalizedName {
        ko: Some("국방부 유해발굴감식단".into()),
        zh: Some("韩国国防部遗骸发掘鉴识团".into()),
        en: None,
        original: "MND MAKRI".into(),
    };
    store
        .name_organization(mnd, &names, system())
        .await
        .unwrap();
    let renamed = LocalizedName::original("MAKRI");
    let err = store
        .name_organization(mnd, &renamed, system())
        .await
        .unwrap_err();
    assert_matches!(err, StoreError::Domain(_));
    let err = store
        .name_organization(OrganizationId(9_999), &names, system())
        .await
        .unwrap_err();
    assert_not_found(&err, "organization");
    let orgs = store.organizations().await.unwrap();
    assert_eq!(orgs[0].names, names);
    assert_eq!(orgs[1].names.ko, None);

    let mut kim = new_user("kim.anthro", Role::Anthropologist);
    kim.organization = Some(mnd);
    let kim_id = store.create_user(&kim, system()).await.unwrap();
    add_member(store, "li.reviewer", Role::Reviewer, mva).await;

    let found = store.user_credentials(&key("kim.anthro")).await.unwrap();
    let found = found.unwrap();
    let (user, hash) = (found.user, found.password_hash);
    assert_eq!(format!("{hash:?}"), "PasswordHash(<redacted>)");
    assert_eq!(user.id, kim_id);
    assert_eq!(user.role, Role::Anthropologist);
    assert_eq!(user.organization, Some(mnd));
    assert_eq!(user.display_name, "kim.anthro (test)");
    assert_eq!(hash.as_str(), kim.password_hash);
    assert_eq!(store.user_credentials(&key("nobody")).await.unwrap(), None);
    assert_eq!(store.user(kim_id).await.unwrap(), Some(user));
    assert_eq!(store.user(UserId(9_999)).await.unwrap(), None);
    let users = store.users().await.unwrap();
    let names: Vec<_> = users.into_iter().map(|u| u.username).collect();
    assert_eq!(names, ["kim.anthro", "li.reviewer"]);

    let mut stray = new_user("stray", Role::Viewer);
    stray.organization = Some(homeward_domain::OrganizationId(9_999));
    let err = store.create_user(&stray, system()).await.unwrap_err();
    assert_not_found(&err, "organization");
}

pub async fn duplicate_username_is_a_conflict(store: &dyn Store) {
    add_user(store, "park", Role::Viewer).await;
    let err = store
        .create_user(&new_user("park", Role::Administrator), system())
        .await
        .unwrap_err();
    match err {
        StoreError::Conflict { what, key } => assert_eq!((what, key.as_str()), ("user", "park")),
        other => panic!("expected a conflict, got {other}"),
    }
    assert_eq!(store.users().await.unwrap().len(), 1);
    organization(store, "X", "KR").await;
    let err = store
        .create_organization("X", "CN", system())
        .await
        .unwrap_err();
    assert_matches!(
        err,
        StoreError::Conflict {
            what: "organization",
            ..
        }
    );
}

pub async fn sessions_expire_and_end(store: &dyn Store) {
    let user = add_user(store, "cho", Role::Custodian).await;
    let expires = Timestamp(T0 + 3_600);
    store
        .create_session("hash-a", user, expires, ctx(Some(user), 1))
        .await
        .unwrap();
    store
        .create_session("hash-b", user, expires, ctx(Some(user), 2))
        .await
        .unwrap();
    let logins = audited(store, "session.create", 10).await;
    assert_eq!(logins, 2, "every login is audited");

    let before = store
        .session_user("hash-a", Timestamp(T0 + 3_599))
        .await
        .unwrap();
    assert_eq!(before.map(|u| u.username), Some("cho".to_owned()));
    assert_eq!(
        store.session_user("hash-a", expires).await.unwrap(),
        None,
        "expired at its end"
    );
    let expired = store.session_user("hash-a", Timestamp(T0 + 7_200)).await;
    assert_eq!(expired.unwrap(), None);
    assert_eq!(
        store.session_user("nope", Timestamp(T0)).await.unwrap(),
        None
    );

    store.delete_session("hash-b", ctx(None, 3)).await.unwrap();
    assert_eq!(
        store.session_user("hash-b", Timestamp(T0)).await.unwrap(),
        None
    );
    store.delete_session("hash-b", ctx(None, 4)).await.unwrap();
    let log = store.audit_log(10, 0).await.unwrap();
    let logouts: Vec<_> = log
        .iter()
        .filter(|e| e.entry.action == "session.end")
        .collect();
    assert_eq!(
        logouts.len(),
        1,
        "one logout audited, ending twice is a no-op: {log:?}"
    );
    assert_eq!(
        logouts[0].entry.actor,
        Some(user),
        "the logout is the session user's"
    );

    let err = store
        .create_session("hash-c", UserId(9_999), expires, system())
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::NotFound { what: "user", .. }),
        "{err}"
    );
}

pub async fn api_tokens_name_their_user(store: &dyn Store) {
    let admin = add_user(store, "admin", Role::Administrator).await;
    let script = add_user(store, "importer", Role::RecoveryOfficer).await;
    store
        .create_api_token(
            &token("tok-hash", script, "nightly import"),
            ctx(Some(admin), 5),
        )
        .await
        .unwrap();
    let user = token_user(store, "tok-hash", Timestamp(T0 + 6)).await;
    assert_eq!((user.id, user.role), (script, Role::RecoveryOfficer));
    let unknown = store.api_token_user("other", Timestamp(T0 + 6)).await;
    assert_eq!(unknown.unwrap(), None);
    let err = store
        .create_api_token(&token("tok-hash", admin, "again"), ctx(Some(admin), 6))
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Conflict { .. }), "{err}");
    let err = store
        .create_api_token(&token("tok-2", UserId(9_999), "ghost"), ctx(Some(admin), 6))
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::NotFound { what: "user", .. }),
        "{err}"
    );
    let last = last_audit(store, "api_token.create", "nightly import").await;
    assert_eq!(last.actor_name.as_deref(), Some("admin"));
}

pub async fn login_refusals_are_audited_and_change_nothing_else(store: &dyn Store) {
    use homeward_domain::{LoginRefusal, LoginRefusalKind};
    let user = add_user(store, "han", Role::Viewer).await;
    let before = store.audit_log(100, 0).await.unwrap().len();
    let wrong = LoginRefusalKind::WrongCredentials {
        account_exists: true,
    };
    let lockout = LoginRefusalKind::Lockout {
        seconds: 30,
        by_address: false,
    };
    let unknown = LoginRefusalKind::WrongCredentials {
        account_exists: false,
    };
    let refusals = [
        ("han", "192.0.2.7", wrong, ctx(Some(user), 1)),
        ("han", "192.0.2.7", lockout, ctx(Some(user), 2)),
        ("nobody\u{7}", "192.0.2.8", unknown, ctx(None, 3)),
    ];
    for (username, address, kind, at) in refusals {
        let refusal = LoginRefusal::new(username, address, kind);
        store.record_login_refusal(&refusal, at).await.unwrap();
    }
    let log = store.audit_log(100, 0).await.unwrap();
    assert_eq!(log.len(), before + 3, "one entry per refusal: {log:?}");
    let (newest, middle, oldest) = (&log[0].entry, &log[1].entry, &log[2].entry);
    assert_eq!(oldest.action, "login.failure");
    assert_eq!(oldest.actor, Some(user));
    assert_eq!(oldest.entity_key, "han");
    assert!(oldest.detail.contains("192.0.2.7"), "{}", oldest.detail);
    assert_eq!(middle.action, "login.lockout");
    assert!(
        middle.detail.contains(r#""seconds":30"#),
        "{}",
        middle.detail
    );
    assert_eq!(newest.action, "login.failure");
    assert_eq!(newest.actor, None);
    assert_eq!(newest.entity_key, "nobody?");
    assert_eq!(
        store.users().await.unwrap().len(),
        1,
        "a refusal creates no user"
    );
}
