//! Reading feed documents so that one odd field degrades that field only.
//!
//! Real Statuspage-format feeds put numbers where ids are strings, strings where
//! booleans belong, `"[]"` where a list belongs and `null` anywhere. Serde's derives
//! reject the whole document for any of those, and a widget that shows "error" because
//! of an update's `tweet_id` hides a real incident. So every field of the model is read
//! through [`Lenient`]: a value of the expected JSON type is taken, anything else
//! becomes the field's default (or `None`), and only malformed JSON is an error.
//!
//! The rules, which the widget's own reader (`widget/src/read.rs`) mirrors and a parity
//! test holds it to:
//! - strings: only JSON strings; anything else is empty (numbers are not stringified,
//!   because a browser cannot read integers beyond 2^53 exactly);
//! - booleans: `true`/`false`, or the strings `"true"`/`"false"`; anything else is false;
//! - integers: a number with no fractional part within ±(2^53 − 1); anything else is `None`;
//! - timestamps: a readable ISO 8601 string; anything else is `None`;
//! - enums: a string (an unknown one is `Unknown`); `null` or another type is `Unknown`;
//!   a missing key is the default, except an incident's `impact` and a status's
//!   `indicator`, which are `Unknown` (see `Summary::settle_indicator`);
//! - objects: a JSON object; anything else is the default;
//! - lists: a JSON array, its items of the wrong type dropped; anything else is empty;
//! - a key given twice: the last one wins, as in `JSON.parse`.

use core::fmt;
use core::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use crate::Timestamp;

/// A value read from a feed that never fails on a value of another JSON type.
pub(crate) trait Lenient: Sized {
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;
}

/// A struct read from a JSON object, field by field.
pub(crate) trait LenientObject: Default {
    /// Reads the object's fields; the caller has seen that the value is an object.
    fn read_fields<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// Reads `T` leniently where serde wants a seed (map values, sequence items).
pub(crate) struct Seed<T>(PhantomData<T>);

impl<T> Seed<T> {
    pub(crate) fn new() -> Self {
        Self(PhantomData)
    }
}

impl<'de, T: Lenient> DeserializeSeed<'de> for Seed<T> {
    type Value = T;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        T::read(deserializer)
    }
}

/// A JSON scalar as the lenient rules see it; objects and arrays are skipped.
enum Scalar {
    Null,
    Bool(bool),
    /// An integer that serde read exactly.
    Int(i128),
    Float(f64),
    Str(String),
    /// An object or an array.
    Composite,
}

struct ScalarVisitor;

impl<'de> Visitor<'de> for ScalarVisitor {
    type Value = Scalar;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_unit<E>(self) -> Result<Scalar, E> {
        Ok(Scalar::Null)
    }
    fn visit_none<E>(self) -> Result<Scalar, E> {
        Ok(Scalar::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, inner: D) -> Result<Scalar, D::Error> {
        inner.deserialize_any(self)
    }
    fn visit_bool<E>(self, value: bool) -> Result<Scalar, E> {
        Ok(Scalar::Bool(value))
    }
    fn visit_i64<E>(self, value: i64) -> Result<Scalar, E> {
        Ok(Scalar::Int(value.into()))
    }
    fn visit_u64<E>(self, value: u64) -> Result<Scalar, E> {
        Ok(Scalar::Int(value.into()))
    }
    fn visit_f64<E>(self, value: f64) -> Result<Scalar, E> {
        Ok(Scalar::Float(value))
    }
    fn visit_str<E>(self, value: &str) -> Result<Scalar, E> {
        Ok(Scalar::Str(value.to_owned()))
    }
    fn visit_string<E>(self, value: String) -> Result<Scalar, E> {
        Ok(Scalar::Str(value))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Scalar, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Scalar::Composite)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Scalar, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Scalar::Composite)
    }
}

fn scalar<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Scalar, D::Error> {
    deserializer.deserialize_any(ScalarVisitor)
}

/// The largest integer a browser's `JSON.parse` reads exactly (`Number.MAX_SAFE_INTEGER`).
const MAX_SAFE_INTEGER: i128 = (1 << 53) - 1;

impl Lenient for String {
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Option::<String>::read(deserializer)?.unwrap_or_default())
    }
}

impl Lenient for Option<String> {
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(match scalar(deserializer)? {
            Scalar::Str(text) => Some(text),
            _ => None,
        })
    }
}

impl Lenient for bool {
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(match scalar(deserializer)? {
            Scalar::Bool(flag) => flag,
            Scalar::Str(text) => text == "true",
            _ => false,
        })
    }
}

impl Lenient for Option<i64> {
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(match scalar(deserializer)? {
            Scalar::Int(n) if n.abs() <= MAX_SAFE_INTEGER => i64::try_from(n).ok(),
            Scalar::Float(f) if f.fract() == 0.0 && f.abs() <= MAX_SAFE_INTEGER as f64 => Some(f as i64),
            _ => None,
        })
    }
}

impl Lenient for Option<Timestamp> {
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(match scalar(deserializer)? {
            Scalar::Str(text) => Timestamp::parse(&text).ok(),
            _ => None,
        })
    }
}

/// An enum read from its wire name (see `wire_enum!` in the model).
pub(crate) trait WireEnum: Copy + Default {
    const UNKNOWN: Self;
    fn from_wire(name: &str) -> Self;
}

/// An enum's value: `null`, like any value of another type, reads as `Unknown` (what it
/// means is not said), never as the default a missing key reads as.
pub(crate) fn read_enum<'de, T: WireEnum, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    Ok(match scalar(deserializer)? {
        Scalar::Str(text) => T::from_wire(&text),
        _ => T::UNKNOWN,
    })
}

impl<T: LenientObject> Lenient for Option<T> {
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        read_object(deserializer)
    }
}

/// An object as `Some`, anything else as `None`.
struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: LenientObject> Visitor<'de> for ObjectVisitor<T> {
    type Value = Option<T>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Option<T>, A::Error> {
        T::read_fields(map).map(Some)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Option<T>, A::Error> {
        ScalarVisitor.visit_seq(seq).map(|_| None)
    }
    fn visit_some<D: Deserializer<'de>>(self, inner: D) -> Result<Option<T>, D::Error> {
        inner.deserialize_any(self)
    }
    fn visit_none<E>(self) -> Result<Option<T>, E> {
        Ok(None)
    }
    fn visit_unit<E>(self) -> Result<Option<T>, E> {
        Ok(None)
    }
    fn visit_bool<E>(self, _: bool) -> Result<Option<T>, E> {
        Ok(None)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Option<T>, E> {
        Ok(None)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Option<T>, E> {
        Ok(None)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Option<T>, E> {
        Ok(None)
    }
    fn visit_str<E>(self, _: &str) -> Result<Option<T>, E> {
        Ok(None)
    }
}

/// An object, or `None` for a value of any other type.
pub(crate) fn read_object<'de, T: LenientObject, D: Deserializer<'de>>(deserializer: D) -> Result<Option<T>, D::Error> {
    deserializer.deserialize_any(ObjectVisitor(PhantomData))
}

/// A list whose items of the wrong type are dropped, or `None` for a value that is not a list.
struct ListVisitor<T>(PhantomData<T>);

impl<'de, T: ListItem> Visitor<'de> for ListVisitor<T> {
    type Value = Option<Vec<T>>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(Seed::<Item<T>>::new())? {
            items.extend(item.0);
        }
        Ok(Some(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        ScalarVisitor.visit_map(map).map(|_| None)
    }
    fn visit_some<D: Deserializer<'de>>(self, inner: D) -> Result<Self::Value, D::Error> {
        inner.deserialize_any(self)
    }
    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
        Ok(None)
    }
}

/// A list item: `None` when it is of the wrong type (and is dropped).
pub(crate) struct Item<T>(pub(crate) Option<T>);

/// Types that can stand as list items, each saying which JSON values it accepts.
pub(crate) trait ListItem: Sized {
    fn read_item<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Self>, D::Error>;
}

impl<T: ListItem> Lenient for Item<T> {
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::read_item(deserializer).map(Item)
    }
}

impl<T: LenientObject> ListItem for T {
    fn read_item<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Self>, D::Error> {
        read_object(deserializer)
    }
}

/// A list of strings keeps its strings only (a group's member ids).
#[derive(Default)]
pub(crate) struct Text(pub(crate) String);

impl ListItem for Text {
    fn read_item<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Self>, D::Error> {
        Ok(Option::<String>::read(deserializer)?.map(Text))
    }
}

/// A list, or `None` when the value is not a list.
pub(crate) fn read_list<'de, T: ListItem, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Vec<T>>, D::Error> {
    deserializer.deserialize_any(ListVisitor::<T>(PhantomData))
}

impl<T: ListItem> Lenient for Vec<T> {
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(read_list(deserializer)?.unwrap_or_default())
    }
}

impl<T: ListItem> Lenient for Option<Vec<T>> {
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        read_list(deserializer)
    }
}

impl Lenient for Option<Vec<String>> {
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(read_list::<Text, D>(deserializer)?.map(|items| items.into_iter().map(|Text(text)| text).collect()))
    }
}

/// Tag → translation, entries of the wrong type dropped; not an object: empty.
impl Lenient for crate::Translations {
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        read_translations(deserializer)
    }
}

fn read_translations<'de, D: Deserializer<'de>>(deserializer: D) -> Result<crate::Translations, D::Error> {
    struct MapVisitor;
    impl<'de> Visitor<'de> for MapVisitor {
        type Value = crate::Translations;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut entries = crate::Translations::default();
            while let Some(key) = map.next_key::<String>()? {
                match map.next_value_seed(Seed::<Item<crate::Translation>>::new())?.0 {
                    Some(value) => entries.insert(key, value),
                    // A later entry of the wrong type still replaces an earlier one, as in JSON.parse.
                    None => entries.remove(&key),
                };
            }
            Ok(entries)
        }
        fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
            ScalarVisitor.visit_seq(seq).map(|_| Default::default())
        }
        fn visit_some<D: Deserializer<'de>>(self, inner: D) -> Result<Self::Value, D::Error> {
            inner.deserialize_any(self)
        }
        fn visit_none<E>(self) -> Result<Self::Value, E> {
            Ok(Default::default())
        }
        fn visit_unit<E>(self) -> Result<Self::Value, E> {
            Ok(Default::default())
        }
        fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
            Ok(Default::default())
        }
        fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
            Ok(Default::default())
        }
        fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
            Ok(Default::default())
        }
        fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
            Ok(Default::default())
        }
        fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
            Ok(Default::default())
        }
    }
    deserializer.deserialize_any(MapVisitor)
}

/// Skips the value of a key the model does not know.
pub(crate) fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<IgnoredAny>().map(|_| ())
}

/// The error for a document that is valid JSON but not a status feed.
pub(crate) fn not_a_feed<E: de::Error>() -> E {
    E::custom(crate::NOT_A_FEED)
}

/// Implements [`LenientObject`], [`Lenient`] and `Deserialize` for a model struct whose
/// fields are all [`Lenient`]; `field as "wire"` for a field whose JSON key differs.
macro_rules! lenient_object {
    ($name:ident { $($field:ident $(as $wire:literal)? $(or $absent:expr)?),* $(,)? }) => {
        impl $crate::lenient::LenientObject for $name {
            fn read_fields<'de, A: serde::de::MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
                let mut value = Self::default();
                // What a missing key reads as, where that is not the type's default.
                $($(value.$field = $absent;)?)*
                while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                    match &*key {
                        $(lenient_object!(@wire $field $($wire)?) => {
                            value.$field = map.next_value_seed($crate::lenient::Seed::new())?;
                        })*
                        _ => $crate::lenient::skip(&mut map)?,
                    }
                }
                Ok(value)
            }
        }

        impl $crate::lenient::Lenient for $name {
            fn read<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                Ok($crate::lenient::read_object(deserializer)?.unwrap_or_default())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                <Self as $crate::lenient::Lenient>::read(deserializer)
            }
        }
    };
    (@wire $field:ident) => { stringify!($field) };
    (@wire $field:ident $wire:literal) => { $wire };
}
pub(crate) use lenient_object;
