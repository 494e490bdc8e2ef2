//! The test app: a real SQLite store in a temp dir, one user and API token per role, a small seeded
//! registry, and requests sent through the router with `tower::ServiceExt::oneshot`.

#![allow(dead_code)] // each test binary uses a different part of this module

pub use homeward_testkit::registry::{case, site, system};

use homeward_testkit::key;
use std::collections::HashMap;
use std::sync::Arc;

use axum::Router;
use axum::body::{Body, to_bytes};
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE, COOKIE};
use axum::http::{HeaderMap, Method, Request, StatusCode};
use homeward_app::passwords::hash_password;
use homeward_domain::{
    Nationality, NewMissingPerson, NewUser, PartialDate, Role, Timestamp,
    historical_rok_china_handovers,
};
use homeward_store::{Store, WriteContext};
use tower::ServiceExt;

/// Every user's password in tests.
pub const PASSWORD: &str = "correct horse battery staple";

/// The host the test app is served as.
pub const HOST: &str = "homeward.test";

/// The origin of the test app's own pages.
pub const ORIGIN: &str = "http://homeward.test";

/// Who sends a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    /// No credentials.
    Anonymous,
    /// The API token of the user with this role.
    As(Role),
    /// The login session (cookie) of the user with this role.
    Session(Role),
}

/// The session cookie token of the test user with `role`.
pub fn session_token(role: Role) -> String {
    format!("test-session-{role}")
}

/// A request body.
#[derive(Debug, Clone)]
pub enum Payload {
    /// No body.
    Empty,
    /// `application/json`.
    Json(serde_json::Value),
    /// `application/x-www-form-urlencoded`.
    Form(String),
}

/// A response, read whole.
#[derive(Debug)]
pub struct Reply {
    /// Status.
    pub status: StatusCode,
    /// Headers.
    pub headers: HeaderMap,
    /// Body as text.
    pub text: String,
}

impl Reply {
    /// The body as JSON (panics with the body when it is not JSON).
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text))
    }

    /// Asserts the status is `status` (else shows the body); the reply, for more checks.
    #[track_caller]
    pub fn expect_status(&self, status: StatusCode) -> &Reply {
        assert_eq!(self.status, status, "{}", self.text);
        self
    }

    /// The `error` message of a JSON error answer (panics with the body when there is none).
    pub fn error(&self) -> String {
        let json = self.json();
        let message = json["error"].as_str();
        message
            .unwrap_or_else(|| panic!("no error message: {}", self.text))
            .to_owned()
    }

    /// Asserts the status is `status` (else shows the body) and the answer a JSON error; its
    /// message.
    #[track_caller]
    pub fn expect_error(&self, status: StatusCode) -> String {
        self.expect_status(status);
        self.error()
    }

    /// Asserts the status is `status` and the body says `needle` (else shows the body); the
    /// reply, for more checks.
    #[track_caller]
    pub fn expect_text(&self, status: StatusCode, needle: &str) -> &Reply {
        self.expect_status(status);
        assert!(self.text.contains(needle), "{needle}: {}", self.text);
        self
    }

    /// The `Location` header.
    pub fn location(&self) -> &str {
        self.headers
            .get("location")
            .and_then(|h| h.to_str().ok())
            .unwrap_or("")
    }
}

/// The app under test.
pub struct TestApp {
    /// Keeps the SQLite file alive.
    _dir: tempfile::TempDir,
    /// The store, for arranging and checking.
    pub store: Arc<dyn Store>,
    /// The router.
    pub router: Router,
    tokens: HashMap<Role, String>,
}

/// How the memorial names an unknown soldier, by language.
pub const UNKNOWN_SOLDIER: [(&str, &str); 3] = [
    ("en", "Unknown soldier"),
    ("ko", "무명용사"),
    ("zh", "无名烈士"),
];

/// The organization of the test custodian.
pub const CUSTODY_UNIT: &str = "Test Custody Unit";

impl TestApp {
    /// Records a CPV nationality and the examination of `accession` (its accessioned inventory),
    /// so that the generic status step may then set `nationality_determined`: it cannot set
    /// `examined`, which rests on the examination itself. Returns the case as it was read first.
    pub async fn examined_and_decided(&self, accession: &str) -> homeward_domain::RemainsCase {
        self.examined_with_decision(accession, Some("RC-1")).await
    }

    /// Gives [`CUSTODY_UNIT`] a signing key made from `seed` (so the custodian's steps are
    /// signed into the ledger); the key.
    pub async fn key_custody_unit(&self, seed: u8) -> homeward_ledger::OrganizationKey {
        let key = homeward_ledger::OrganizationKey::from_seed(CUSTODY_UNIT, &[seed; 32]);
        self.store
            .save_organization_key(&key, system())
            .await
            .unwrap();
        key
    }

    /// [`Self::examined_and_decided`] with the committee's decision `committee_decision`.
    pub async fn examined_with_decision(
        &self,
        accession: &str,
        committee_decision: Option<&str>,
    ) -> homeward_domain::RemainsCase {
        let case = self
            .store
            .remains_by_accession(&key(accession))
            .await
            .unwrap()
            .unwrap();
        let cpv = homeward_domain::NationalityAssessment {
            nationality: homeward_domain::Nationality::Cpv,
            evidence: "CPV badge".into(),
            committee_decision: committee_decision.map(str::to_owned),
        };
        homeward_app::remains::record_nationality(&*self.store, case.id, &cpv, system())
            .await
            .unwrap();
        let (inventory, profile) = (&case.case.inventory, &case.case.profile);
        homeward_app::remains::record_examination(
            &*self.store,
            case.id,
            inventory,
            profile,
            "fragmentary",
            system(),
        )
        .await
        .unwrap();
        case
    }

    /// A fresh app (as [`TestApp::new`]) holding batch KR-CN-9 taken up to `until`.
    pub async fn with_batch(
        until: homeward_domain::BatchState,
    ) -> (TestApp, homeward_testkit::batch::SeededBatch) {
        let app = TestApp::new().await;
        let seeded = homeward_testkit::batch::seed_batch(app.store.as_ref(), until).await;
        (app, seeded)
    }

    /// A fresh app: users and tokens for every role (the custodian of organization
    /// [`CUSTODY_UNIT`], which has no key until a test gives it one), the 12 handovers, site `T-SITE-1` with cases
    /// `HW-T-0001`…`HW-T-0003` (status `recovered`), and one person on the rolls (王德明).
    pub async fn new() -> TestApp {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("homeward.sqlite");
        let store = homeward_store::open(path.to_str().unwrap()).await.unwrap();
        // The tests' key-encryption secret (cheap parameters): the app signs custody events.
        homeward_testkit::registry::unlock(store.as_ref()).await;
        let hash = hash_password(PASSWORD).unwrap();
        let mut tokens = HashMap::new();
        let custody_unit = store
            .create_organization(CUSTODY_UNIT, "KR", system())
            .await
            .unwrap();
        for role in Role::ALL {
            let user = NewUser {
                username: role.code().replace('_', "-"),
                display_name: format!("Test {role}"),
                role,
                organization: (role == Role::Custodian).then_some(custody_unit),
                password_hash: hash.clone(),
            };
            let id = store.create_user(&user, system()).await.unwrap();
            let token = format!("test-token-{role}");
            let now = homeward_web::auth::now();
            let new = homeward_domain::NewApiToken {
                token_hash: homeward_web::auth::token_hash(&token),
                user: id,
                label: "tests".into(),
                expires_at: Timestamp(now.0 + 30 * homeward_domain::DAY_SECONDS),
            };
            let at = WriteContext {
                actor: None,
                at: now,
            };
            store.create_api_token(&new, at).await.unwrap();
            let session = homeward_web::auth::token_hash(&session_token(role));
            let until = Timestamp(now.0 + homeward_domain::DAY_SECONDS);
            store.create_session(&session, id, until, at).await.unwrap();
            tokens.insert(role, token);
        }
        for h in historical_rok_china_handovers() {
            store.record_handover(&h, system()).await.unwrap();
        }
        let site_id = store
            .create_site(&site("T-SITE-1"), system())
            .await
            .unwrap();
        for acc in ["HW-T-0001", "HW-T-0002", "HW-T-0003"] {
            homeward_app::remains::accession(&*store, &case(acc, site_id), system())
                .await
                .unwrap();
        }
        let person = NewMissingPerson {
            name_original: "王德明".into(),
            name_hanzi: Some("王德明".into()),
            name_pinyin: Some("Wáng Démíng".into()),
            name_hangul: Some("왕덕명".into()),
            name_rr: Some("Wang Deok-myeong".into()),
            birth_year: Some(1928),
            hometown_province: "Sichuan".into(),
            hometown_county: "Ba County".into(),
            unit: "60th Army, 180th Division".into(),
            date_of_loss: Some(PartialDate::parse("1951-05").unwrap()),
            place_of_loss: "Gapyeong".into(),
            source_record: "PRIVATE-SOURCE-REF-4711".into(),
            nationality: Nationality::Cpv,
            synthetic: true,
        };
        store.add_missing_person(&person, system()).await.unwrap();
        let router = homeward_web::router(store.clone());
        TestApp {
            _dir: dir,
            store,
            router,
            tokens,
        }
    }

    /// The test user with `role`.
    pub async fn user(&self, role: Role) -> homeward_domain::User {
        let users = self.store.users().await.unwrap();
        users.into_iter().find(|u| u.role == role).unwrap()
    }

    /// The same app and store, served by a router with `config`.
    pub fn reconfigured(mut self, config: homeward_web::WebConfig) -> TestApp {
        self.router = homeward_web::router_with(self.store.clone(), config);
        self
    }

    /// Sends a request as `actor`.
    pub async fn send(&self, method: Method, path: &str, actor: Actor, payload: Payload) -> Reply {
        self.send_with(method, path, actor, payload, &[]).await
    }

    /// Sends a request as `actor` with extra headers, as a browser on this site would: with
    /// `Host: homeward.test` and, on a form post, `Origin: http://homeward.test` unless
    /// `headers` sets them.
    pub async fn send_with(
        &self,
        method: Method,
        path: &str,
        actor: Actor,
        payload: Payload,
        headers: &[(&str, &str)],
    ) -> Reply {
        let mut all: Vec<(&str, &str)> = headers.to_vec();
        let has = |name: &str| headers.iter().any(|(k, _)| k.eq_ignore_ascii_case(name));
        if !has("host") {
            all.push(("host", HOST));
        }
        if method != Method::GET && !has("origin") && !has("referer") {
            all.push(("origin", ORIGIN));
        }
        self.send_exact(method, path, actor, payload, &all, None)
            .await
    }

    /// Sends a request with exactly `headers` (no `Host` or `Origin` added), from `peer` if given
    /// (the address the throttles see; without one it is `unknown`).
    pub async fn send_exact(
        &self,
        method: Method,
        path: &str,
        actor: Actor,
        payload: Payload,
        headers: &[(&str, &str)],
        peer: Option<std::net::SocketAddr>,
    ) -> Reply {
        let mut request = Request::builder().method(method).uri(path);
        if let Some(peer) = peer {
            request = request.extension(axum::extract::ConnectInfo(peer));
        }
        match actor {
            Actor::As(role) => {
                request = request.header(AUTHORIZATION, format!("Bearer {}", self.tokens[&role]));
            }
            Actor::Session(role) => {
                let cookie = format!("hw_session={}", session_token(role));
                request = request.header(COOKIE, cookie);
            }
            Actor::Anonymous => {}
        }
        for (k, v) in headers {
            request = request.header(*k, *v);
        }
        let body = match payload {
            Payload::Empty => Body::empty(),
            Payload::Json(v) => {
                request = request.header(CONTENT_TYPE, "application/json");
                Body::from(v.to_string())
            }
            Payload::Form(f) => {
                request = request.header(CONTENT_TYPE, "application/x-www-form-urlencoded");
                Body::from(f)
            }
        };
        let response = self
            .router
            .clone()
            .oneshot(request.body(body).unwrap())
            .await
            .unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = to_bytes(response.into_body(), 16 * 1024 * 1024)
            .await
            .unwrap();
        Reply {
            status,
            headers,
            text: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    /// GET as `actor`.
    pub async fn get(&self, path: &str, actor: Actor) -> Reply {
        self.send(Method::GET, path, actor, Payload::Empty).await
    }

    /// GET as `actor`, which must answer 200 OK (the failure shows the body).
    pub async fn get_ok(&self, path: &str, actor: Actor) -> Reply {
        let reply = self.get(path, actor).await;
        reply.expect_status(StatusCode::OK);
        reply
    }

    /// GET `path` as a viewer (who may read the registry), expecting 200.
    pub async fn view(&self, path: impl AsRef<str>) -> Reply {
        self.get_ok(path.as_ref(), Actor::As(Role::Viewer)).await
    }

    /// The lifecycle status of case `accession`, as the API shows it to a viewer.
    pub async fn status_of(&self, accession: &str) -> serde_json::Value {
        let path = format!("/api/v1/remains/{accession}");
        let case = self.get(&path, Actor::As(Role::Viewer)).await;
        case.json()["status"].clone()
    }

    /// [`Self::step_status`], expecting the step to be taken (200).
    pub async fn step_ok(&self, accession: &str, to: &str, reason: &str, actor: Actor) -> Reply {
        let reply = self.step_status(accession, to, reason, actor).await;
        reply.expect_status(StatusCode::OK);
        reply
    }

    /// Asks the API as `actor` to step case `accession` to status `to` for `reason`.
    pub async fn step_status(
        &self,
        accession: &str,
        to: &str,
        reason: &str,
        actor: Actor,
    ) -> Reply {
        let path = format!("/api/v1/remains/{accession}/status");
        let body = serde_json::json!({ "to": to, "reason": reason });
        self.post(&path, actor, Payload::Json(body)).await
    }

    /// POST `payload` as `actor`.
    pub async fn post(&self, path: &str, actor: Actor, payload: Payload) -> Reply {
        self.send(Method::POST, path, actor, payload).await
    }

    /// POST the JSON `body` as `actor`.
    pub async fn post_json(&self, path: &str, actor: Actor, body: serde_json::Value) -> Reply {
        self.post(path, actor, Payload::Json(body)).await
    }

    /// POST the form `fields` (URL-encoded) as `actor`.
    pub async fn post_form(&self, path: &str, actor: Actor, fields: impl Into<String>) -> Reply {
        self.post(path, actor, Payload::Form(fields.into())).await
    }

    /// Sends `payload` with a cookie header (a browser session) and no other credentials.
    pub async fn with_cookie(
        &self,
        method: Method,
        path: &str,
        cookie: &str,
        payload: Payload,
    ) -> Reply {
        let headers = [(COOKIE.as_str(), cookie)];
        self.send_with(method, path, Actor::Anonymous, payload, &headers)
            .await
    }

    /// GET with a cookie header (a browser session).
    pub async fn get_with_cookie(&self, path: &str, cookie: &str) -> Reply {
        self.with_cookie(Method::GET, path, cookie, Payload::Empty)
            .await
    }

    /// POST `payload` with a cookie header (a browser session).
    pub async fn post_with_cookie(&self, path: &str, cookie: &str, payload: Payload) -> Reply {
        self.with_cookie(Method::POST, path, cookie, payload).await
    }

    /// Logs the browser session `cookie` out (`POST /logout`).
    pub async fn logout(&self, cookie: &str) -> Reply {
        self.post_with_cookie("/logout", cookie, Payload::Empty)
            .await
    }
}

pub mod dna;

/// The batch fixture (now `homeward_testkit::batch`) under the name `tests/access.rs` still calls.
pub mod batch {
    use homeward_domain::BatchState;
    use homeward_store::Store;
    use homeward_testkit::batch::SeededBatch;

    /// [`homeward_testkit::batch::seed_batch`].
    pub async fn seed_batch(store: &dyn Store, until: BatchState) -> SeededBatch {
        homeward_testkit::batch::seed_batch(store, until).await
    }
}
