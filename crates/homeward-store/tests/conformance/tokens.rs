//! API tokens that expire and can be revoked, and account changes (deactivation, role, password)
//! that end a user's sessions and tokens: every change audited, every refusal changes nothing.

use homeward_domain::{
    AccountChange, DAY_SECONDS, DomainError, MAX_TOKEN_DAYS, Role, Timestamp, UserId,
};
use homeward_store::{Store, StoreError};

use crate::fixtures::last_audit;
use crate::fixtures::{T0, add_user, ctx, key, token, token_user};

async fn audit_len(store: &dyn Store) -> usize {
    store.audit_log(500, 0).await.unwrap().len()
}

async fn two_users(store: &dyn Store) -> (UserId, UserId, UserId) {
    let admin = add_user(store, "admin", Role::Administrator).await;
    let kim = add_user(store, "kim", Role::Anthropologist).await;
    let lee = add_user(store, "lee", Role::Viewer).await;
    (admin, kim, lee)
}

/// The users of [`two_users`] but lee, kim with session `kim-session` (for an hour) and API
/// token `kim-token`: what an account change must end.
async fn kim_signed_in(store: &dyn Store) -> (UserId, UserId) {
    let (admin, kim, _) = two_users(store).await;
    store
        .create_session("kim-session", kim, Timestamp(T0 + 3_600), ctx(Some(kim), 0))
        .await
        .unwrap();
    store
        .create_api_token(&token("kim-token", kim, "export"), ctx(Some(kim), 1))
        .await
        .unwrap();
    (admin, kim)
}

/// Asserts that kim's session and token of [`kim_signed_in`] name nobody at `at`.
async fn assert_kim_signed_out(store: &dyn Store, at: Timestamp) {
    let session = store.session_user("kim-session", at).await.unwrap();
    assert_eq!(session, None, "kim's session ended");
    let token = store.api_token_user("kim-token", at).await.unwrap();
    assert_eq!(token, None, "kim's token revoked");
}

pub async fn expired_and_revoked_tokens_are_refused(store: &dyn Store) {
    let (admin, kim, lee) = two_users(store).await;
    let mut short = token("short", kim, "one hour");
    short.expires_at = Timestamp(T0 + 3_600);
    store
        .create_api_token(&short, ctx(Some(kim), 0))
        .await
        .unwrap();
    let at = |s| Timestamp(T0 + s);
    token_user(store, "short", at(3_599)).await;
    assert_eq!(
        store.api_token_user("short", at(3_600)).await.unwrap(),
        None
    );

    let long = store
        .create_api_token(&token("long", kim, "nightly export"), ctx(Some(kim), 1))
        .await
        .unwrap();
    let listed = store.api_tokens(Some(kim)).await.unwrap();
    assert_eq!(listed.len(), 2);
    assert_eq!(listed[0].id, long, "newest first: {listed:?}");
    assert_eq!(listed[0].label, "nightly export");
    assert_eq!(listed[0].username, "kim");
    assert_eq!(listed[0].expires_at, at(30 * DAY_SECONDS));
    assert_eq!(listed[0].revoked_at, None);
    assert!(store.api_tokens(Some(lee)).await.unwrap().is_empty());

    // Another user without ManageUsers may not revoke it: refused, nothing changed.
    let before = audit_len(store).await;
    let err = store
        .revoke_api_token(long, ctx(Some(lee), 2))
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::Domain(DomainError::NotPermitted { .. })),
        "{err}"
    );
    assert!(err.to_string().contains("\"lee\""), "{err}");
    assert!(store.api_token_user("long", at(3)).await.unwrap().is_some());
    assert_eq!(audit_len(store).await, before);

    // Its owner may; from then on it is refused.
    store
        .revoke_api_token(long, ctx(Some(kim), 4))
        .await
        .unwrap();
    assert_eq!(store.api_token_user("long", at(5)).await.unwrap(), None);
    let listed = store.api_tokens(None).await.unwrap();
    let revoked = listed.iter().find(|t| t.id == long).unwrap();
    assert_eq!(revoked.revoked_at, Some(at(4)));
    let last = last_audit(store, "api_token.revoke", "nightly export").await;
    assert_eq!(last.actor_name.as_deref(), Some("kim"));

    // Revoked once only; unknown ids are not found.
    let before = audit_len(store).await;
    let err = store
        .revoke_api_token(long, ctx(Some(admin), 6))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("already revoked"), "{err}");
    let err = store
        .revoke_api_token(homeward_domain::ApiTokenId(9_999), ctx(Some(admin), 6))
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::NotFound { .. }), "{err}");
    assert_eq!(audit_len(store).await, before);

    // An administrator may revoke anyone's token.
    let other = store
        .create_api_token(&token("lee-1", lee, "lee's script"), ctx(Some(lee), 7))
        .await
        .unwrap();
    store
        .revoke_api_token(other, ctx(Some(admin), 8))
        .await
        .unwrap();
    assert_eq!(store.api_token_user("lee-1", at(9)).await.unwrap(), None);
}

pub async fn token_expiry_is_checked_when_created(store: &dyn Store) {
    let (_, kim, _) = two_users(store).await;
    let before = audit_len(store).await;
    let mut forever = token("forever", kim, "forever");
    forever.expires_at = Timestamp(T0 + (MAX_TOKEN_DAYS + 1) * DAY_SECONDS);
    let err = store
        .create_api_token(&forever, ctx(Some(kim), 0))
        .await
        .unwrap_err();
    assert!(err.to_string().starts_with("expires_at:"), "{err}");
    let mut past = token("past", kim, "past");
    past.expires_at = Timestamp(T0 - 1);
    assert!(
        store
            .create_api_token(&past, ctx(Some(kim), 0))
            .await
            .is_err()
    );
    assert!(store.api_tokens(None).await.unwrap().is_empty());
    assert_eq!(audit_len(store).await, before);
}

pub async fn deactivation_ends_sessions_and_tokens(store: &dyn Store) {
    let (admin, kim) = kim_signed_in(store).await;
    let at = |s| Timestamp(T0 + s);

    // An administrator cannot deactivate themself.
    let before = audit_len(store).await;
    let err = store
        .change_account("admin", &AccountChange::Deactivate, ctx(Some(admin), 2))
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::Domain(DomainError::NotPermitted { .. })),
        "{err}"
    );
    assert_eq!(audit_len(store).await, before);
    let err = store
        .change_account("nobody", &AccountChange::Deactivate, ctx(Some(admin), 2))
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::NotFound { .. }), "{err}");

    store
        .change_account("kim", &AccountChange::Deactivate, ctx(Some(admin), 3))
        .await
        .unwrap();
    assert_kim_signed_out(store, at(4)).await;
    assert_eq!(store.user_credentials(&key("kim")).await.unwrap(), None);
    let tokens = store.api_tokens(Some(kim)).await.unwrap();
    assert_eq!(tokens[0].revoked_at, Some(at(3)));
    let accounts = store.user_accounts().await.unwrap();
    let kim_account = accounts.iter().find(|a| a.user.id == kim).unwrap();
    assert_eq!(kim_account.deactivated_at, Some(at(3)));
    assert!(
        accounts
            .iter()
            .any(|a| a.user.id == admin && a.deactivated_at.is_none())
    );
    let detail = r#"{"msg":"sys-credentials-ended","args":{"sessions":1,"tokens":1}}"#;
    last_audit(store, "user.deactivate", detail).await;

    // A deactivated account gets no new session's user, no new token, no further change.
    store
        .create_session("kim-again", kim, at(3_600), ctx(Some(kim), 5))
        .await
        .unwrap();
    assert_eq!(store.session_user("kim-again", at(6)).await.unwrap(), None);
    let before = audit_len(store).await;
    assert!(
        store
            .create_api_token(&token("kim-2", kim, "again"), ctx(Some(admin), 6))
            .await
            .is_err()
    );
    let err = store
        .change_account("kim", &AccountChange::SetRole(Role::Viewer), ctx(None, 7))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("deactivated"), "{err}");
    assert_eq!(audit_len(store).await, before);
}

pub async fn a_new_password_ends_sessions_and_tokens(store: &dyn Store) {
    let (admin, _) = kim_signed_in(store).await;
    let at = |s| Timestamp(T0 + s);
    let before = audit_len(store).await;
    let plain = AccountChange::SetPassword("hunter2".into());
    assert!(
        store
            .change_account("kim", &plain, ctx(Some(admin), 2))
            .await
            .is_err()
    );
    let session = store.session_user("kim-session", at(2)).await.unwrap();
    assert!(session.is_some(), "a refused change keeps the session");
    assert_eq!(audit_len(store).await, before);

    let hash = "$argon2id$v=19$m=19456,t=2,p=1$bmV3$bmV3";
    let change = AccountChange::SetPassword(hash.into());
    store
        .change_account("kim", &change, ctx(Some(admin), 3))
        .await
        .unwrap();
    let stored = store.user_credentials(&key("kim")).await.unwrap().unwrap();
    assert_eq!(stored.password_hash.as_str(), hash);
    assert_kim_signed_out(store, at(4)).await;
    let log = store.audit_log(1, 0).await.unwrap();
    assert_eq!(log[0].entry.action, "user.reset_password");
    assert!(!log[0].entry.detail.contains(hash), "{:?}", log[0]);
}

pub async fn a_new_role_applies_to_existing_tokens(store: &dyn Store) {
    let (admin, kim, _) = two_users(store).await;
    store
        .create_api_token(&token("kim-token", kim, "export"), ctx(Some(kim), 1))
        .await
        .unwrap();
    let before = audit_len(store).await;
    let demote_self = AccountChange::SetRole(Role::Viewer);
    assert!(
        store
            .change_account("admin", &demote_self, ctx(Some(admin), 2))
            .await
            .is_err()
    );
    assert_eq!(audit_len(store).await, before);
    store
        .change_account(
            "kim",
            &AccountChange::SetRole(Role::Reviewer),
            ctx(Some(admin), 3),
        )
        .await
        .unwrap();
    let user = token_user(store, "kim-token", Timestamp(T0 + 4)).await;
    assert_eq!(user.role, Role::Reviewer);
    let log = store.audit_log(1, 0).await.unwrap();
    assert_eq!(log[0].entry.action, "user.set_role");
    assert!(
        log[0].entry.detail.contains(
            r#""from":{"code":"role","value":"anthropologist"},"to":{"code":"role","value":"reviewer"}"#
        ),
        "{:?}",
        log[0]
    );
}
