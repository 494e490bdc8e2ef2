#![doc = include_str!("../README.md")]

mod audit;
mod batch_records;
mod custody;
mod date;
mod effects;
mod error;
mod gazetteer;
mod han;
mod handover;
mod identification;
mod identifiers;
mod ids;
mod keys;
mod lifecycle;
mod localized;
mod login;
mod missing;
mod name_forms;
mod names;
mod nationality;
mod remains;
mod repatriation;
mod roles;
mod roll_search;
mod site;
mod status_records;
mod system_text;
mod tokens;
mod users;
mod wade_giles;

pub use audit::{AuditEntry, NewAuditEntry};
pub use batch_records::{
    BatchCasket, Burial, HandoverCeremony, Transport, check_burials, check_encoffining,
};
pub use custody::{HandlingEvent, HandlingFields, NewCustodyRecord, check_typed};
pub use date::{CalendarDate, PartialDate, Timestamp};
pub use effects::{EffectCategory, EffectDisposition, NewPersonalEffect, PersonalEffect};
pub use error::DomainError;
pub use gazetteer::{Gazetteer, GazetteerEntry, PlaceKind};
pub use handover::{HistoricalHandover, historical_rok_china_handovers};
pub use identification::{
    Identification, NewIdentification, check_may_identify, identification_moves_to,
};
pub use identifiers::Identifier;
pub use ids::{
    MissingPersonId, OrganizationId, PersonalEffectId, RecoverySiteId, RemainsCaseId,
    RepatriationBatchId, UserId,
};
pub use keys::{Accession, BatchCode, SiteCode, Username};
pub use lifecycle::{LifecycleStatus, StatusChange};
pub use localized::{Fallback, LocalizedName, NameLanguage, Official, Shown};
pub use login::{
    FIRST_LOCKOUT_SECONDS, FREE_LOGIN_FAILURES, LoginRefusal, LoginRefusalKind,
    MAX_AUDITED_USERNAME, MAX_LOCKOUT_SECONDS, lockout_seconds,
};
pub use missing::{MissingPerson, NewMissingPerson};
pub use name_forms::{
    FormKind, MIN_MATCH_SCORE, MatchReason, NameFields, NameForm, NameForms, NameMatch, NameQuery,
    WILDCARD,
};
pub use names::{fold_latin, name_forms, name_similarity, search_forms, suffix_forms};
pub use nationality::{Nationality, NationalityAssessment};
pub use remains::{
    BiologicalProfile, ExternalNumber, NewRemainsCase, RecoveryContext, RemainsCase, SexEstimate,
    SkeletalInventory,
};
pub use repatriation::{
    BatchState, JointVerification, NewRepatriationBatch, RepatriationBatch, check_jointly_verified,
    check_may_join, nationality_received_by,
};
pub use roles::{Permission, Role};
pub use roll_search::{
    MAX_OFFSET, MAX_PAGE_SIZE, MIN_QUERY_CHARS, ResultPage, SearchRefusal, check_name_query,
};
pub use site::{ExcavationPeriod, NewRecoverySite, RecoverySite};
pub use status_records::{
    CaseRecords, StatusRecord, check_examination, examination_moves_to, has_examination,
    import_walk, missing_records,
};
pub use system_text::{Phrase, SystemText, TextArg};
pub use tokens::{
    AccountChange, ApiToken, ApiTokenId, Credential, DAY_SECONDS, DEFAULT_TOKEN_DAYS,
    MAX_TOKEN_DAYS, NewApiToken, UserAccount, check_may_manage_tokens, token_expiry,
};
pub use users::{NewUser, Organization, User};
