//! Personal effects: the seals, watches, shoes and photographs found with the dead.

use crate::remains::parse_code;
use crate::site::require_text;
use crate::{DomainError, PersonalEffectId, RecoverySiteId, RemainsCaseId};

/// What kind of object an effect is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EffectCategory {
    /// Personal seal or stamp (often carved with the owner's name).
    Seal,
    /// Watch.
    Watch,
    /// Shoe or boot.
    Shoe,
    /// Photograph.
    Photograph,
    /// Identification tag.
    IdTag,
    /// Badge or insignia.
    Badge,
    /// Pen.
    Pen,
    /// Canteen.
    Canteen,
    /// Coin.
    Coin,
    /// Uniform item (button, buckle, cloth).
    UniformItem,
    /// Anything else.
    Other,
}

impl EffectCategory {
    /// Every category.
    pub const ALL: [EffectCategory; 11] = [
        EffectCategory::Seal,
        EffectCategory::Watch,
        EffectCategory::Shoe,
        EffectCategory::Photograph,
        EffectCategory::IdTag,
        EffectCategory::Badge,
        EffectCategory::Pen,
        EffectCategory::Canteen,
        EffectCategory::Coin,
        EffectCategory::UniformItem,
        EffectCategory::Other,
    ];
    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            EffectCategory::Seal => "seal",
            EffectCategory::Watch => "watch",
            EffectCategory::Shoe => "shoe",
            EffectCategory::Photograph => "photograph",
            EffectCategory::IdTag => "id_tag",
            EffectCategory::Badge => "badge",
            EffectCategory::Pen => "pen",
            EffectCategory::Canteen => "canteen",
            EffectCategory::Coin => "coin",
            EffectCategory::UniformItem => "uniform_item",
            EffectCategory::Other => "other",
        }
    }
    /// Parses [`Self::code`].
    pub fn from_code(code: &str) -> Result<Self, DomainError> {
        parse_code("category", code, &Self::ALL, |c| c.code())
    }
}

/// What happens to the effect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EffectDisposition {
    /// Goes in the casket with the remains.
    TravelsWithRemains,
    /// Kept by the holding state (e.g. for a museum or as evidence).
    Retained,
    /// Returned to the family.
    ReturnedToFamily,
}

impl EffectDisposition {
    /// Every disposition.
    pub const ALL: [EffectDisposition; 3] = [
        EffectDisposition::TravelsWithRemains,
        EffectDisposition::Retained,
        EffectDisposition::ReturnedToFamily,
    ];
    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            EffectDisposition::TravelsWithRemains => "travels_with_remains",
            EffectDisposition::Retained => "retained",
            EffectDisposition::ReturnedToFamily => "returned_to_family",
        }
    }
    /// Parses [`Self::code`].
    pub fn from_code(code: &str) -> Result<Self, DomainError> {
        parse_code("disposition", code, &Self::ALL, |c| c.code())
    }
}

/// An effect as it is to be recorded.
#[derive(Debug, Clone, PartialEq)]
pub struct NewPersonalEffect {
    /// The remains it was found with, if any.
    pub remains: Option<RemainsCaseId>,
    /// The site it was found at (required when not linked to remains).
    pub site: Option<RecoverySiteId>,
    /// What it is.
    pub category: EffectCategory,
    /// Description.
    pub description: String,
    /// Inscription in its original script (e.g. 王德明 on a seal), if any.
    pub inscription: Option<String>,
    /// Condition.
    pub condition: String,
    /// What happens to it.
    pub disposition: EffectDisposition,
}

impl NewPersonalEffect {
    /// Checks the rules every stored effect obeys.
    pub fn validate(&self) -> Result<(), DomainError> {
        if self.remains.is_none() && self.site.is_none() {
            return Err(DomainError::invalid(
                "remains",
                "an effect must be linked to remains or, failing that, to a site",
            ));
        }
        require_text("description", &self.description)
    }
}

/// A stored personal effect.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonalEffect {
    /// Its id.
    pub id: PersonalEffectId,
    /// The recorded data.
    pub effect: NewPersonalEffect,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::assert_codes_round_trip;

    #[test]
    fn an_effect_needs_remains_or_a_site() {
        let mut e = NewPersonalEffect {
            remains: None,
            site: None,
            category: EffectCategory::Seal,
            description: "wooden seal".into(),
            inscription: Some("王德明".into()),
            condition: "worn".into(),
            disposition: EffectDisposition::TravelsWithRemains,
        };
        assert!(e.validate().is_err());
        e.site = Some(RecoverySiteId(3));
        assert_eq!(e.validate(), Ok(()));
    }

    #[test]
    fn codes_round_trip() {
        use EffectCategory as C;
        use EffectDisposition as D;
        assert_codes_round_trip(&C::ALL, C::code, C::from_code);
        assert_codes_round_trip(&D::ALL, D::code, D::from_code);
    }
}
