//! Helpers that generate the boilerplate of the string enums.

/// Declares a fieldless enum whose values are exact lowercase strings shared with the SQL.
///
/// Generates `ALL`, `as_str`, `FromStr` (unknown strings become [`crate::Error::UnknownValue`]
/// naming the field), `Display`, and serde impls that use the same strings.
macro_rules! string_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident (field = $field:literal, allowed = $allowed:literal) {
            $(
                $(#[$vmeta:meta])*
                $variant:ident => $s:literal,
            )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $(
                $(#[$vmeta])*
                $variant,
            )+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The exact lowercase string the SQL and the JSON API use.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $s,)+
                }
            }
        }

        impl ::core::str::FromStr for $name {
            type Err = $crate::Error;

            fn from_str(s: &str) -> Result<$name, $crate::Error> {
                match s {
                    $($s => Ok($name::$variant),)+
                    _ => Err($crate::Error::UnknownValue {
                        field: $field,
                        allowed: $allowed,
                        got: s.to_owned(),
                    }),
                }
            }
        }

        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<$name, D::Error> {
                struct Visitor;
                impl ::serde::de::Visitor<'_> for Visitor {
                    type Value = $name;
                    fn expecting(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                        write!(f, "{} {}", $field, $allowed)
                    }
                    fn visit_str<E: ::serde::de::Error>(self, s: &str) -> Result<$name, E> {
                        s.parse().map_err(E::custom)
                    }
                }
                deserializer.deserialize_str(Visitor)
            }
        }
    };
}

/// Implements serde for a validated `f64` newtype through its fallible constructor, so
/// deserialising an out-of-range number fails with the crate's error message.
macro_rules! f64_newtype_serde {
    ($name:ident, $ctor:path, $getter:ident) => {
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_f64(self.$getter())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> Result<$name, D::Error> {
                let value = <f64 as ::serde::Deserialize>::deserialize(deserializer)?;
                $ctor(value).map_err(<D::Error as ::serde::de::Error>::custom)
            }
        }
    };
}
