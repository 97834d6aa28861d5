//! The language of a BFCL task's functions, and how it changes the checker.
//!
//! For Python (every category but `simple_java` and `simple_javascript`) a value is checked as
//! it was decoded. For Java and JavaScript, upstream's `simple_function_checker` first demands
//! that every argument be a string (the argument's source text; anything else is
//! `type_error:java` / `type_error:js`), then converts it by the declared type with
//! `java_type_converter` / `js_type_converter` ([`java`], [`javascript`]), then runs the same
//! type and value checks as for Python on the converted value, with the language's type table
//! (`JAVA_TYPE_CONVERSION`, `JS_TYPE_CONVERSION`) in place of Python's, and without Python's
//! int-to-float allowance.
//!
//! Where upstream would crash rather than decide (a declared or item type missing from the
//! language's table, a `Set`/`Hashtable`/`Queue`/`Stack` value), this port compares the
//! unconverted value with `==`, as it does for an unknown Python type.

mod java;
mod javascript;
pub(super) mod pystr;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::error::CheckError;
use super::value::PyType;

/// The language BFCL checks a task's calls in (`bfcl_eval.constants.enums.Language`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Language {
    /// Python: values checked as decoded (every BFCL category but the two below).
    #[default]
    Python,
    /// Java (`simple_java`): string arguments converted by `java_type_converter`.
    Java,
    /// JavaScript (`simple_javascript`): string arguments converted by `js_type_converter`.
    #[serde(rename = "javascript")]
    JavaScript,
}

impl Language {
    /// The language of a BFCL test category, as upstream's `is_java` / `is_js` decide it:
    /// `simple_java` → Java, `simple_javascript` → JavaScript, anything else → Python.
    pub fn from_category(category: &str) -> Self {
        if category.contains("javascript") {
            Language::JavaScript
        } else if category.contains("java") {
            Language::Java
        } else {
            Language::Python
        }
    }

    /// BFCL's name for the language (`python`, `java`, `javascript`).
    pub fn name(self) -> &'static str {
        match self {
            Language::Python => "python",
            Language::Java => "java",
            Language::JavaScript => "javascript",
        }
    }

    /// The Python type a declared type converts to, from this language's table
    /// (`PYTHON_TYPE_MAPPING`, `JAVA_TYPE_CONVERSION`, `JS_TYPE_CONVERSION`). The Python table
    /// also takes JSON Schema's `object` and `number`; `None` for a type the table lacks.
    pub fn py_type(self, declared: &str) -> Option<PyType> {
        match self {
            Language::Python => PyType::from_declared(declared),
            Language::Java => Some(match declared {
                "byte" | "short" | "integer" | "long" => PyType::Int,
                "float" | "double" => PyType::Float,
                "boolean" => PyType::Bool,
                "char" | "String" | "any" => PyType::Str,
                "Array" | "ArrayList" | "Queue" | "Stack" => PyType::List,
                "HashMap" | "Hashtable" => PyType::Dict,
                _ => return None,
            }),
            Language::JavaScript => Some(match declared {
                "String" | "any" => PyType::Str,
                "integer" | "Bigint" => PyType::Int,
                "float" => PyType::Float,
                "Boolean" => PyType::Bool,
                "dict" => PyType::Dict,
                "array" => PyType::List,
                _ => return None,
            }),
        }
    }
}

/// A Java or JavaScript argument ready for the type and value checks.
pub(super) struct Converted {
    /// The Python type the declared type converts to.
    pub expected: PyType,
    /// The item type, for `Array`, `ArrayList` and `array`.
    pub nested: Option<PyType>,
    /// The converted value.
    pub value: Value,
}

/// Upstream's Java / JavaScript branch of `simple_function_checker` for one argument: the
/// string check and the conversion. `Ok(None)` where upstream would crash (see the module doc).
pub(super) fn convert(
    language: Language,
    param: &str,
    value: &Value,
    declared: &str,
    items: Option<&str>,
) -> Result<Option<Converted>, CheckError> {
    let Some(expected) = language.py_type(declared) else {
        return Ok(None);
    };
    let Value::String(text) = value else {
        return Err(CheckError::NotAString {
            param: param.to_string(),
            language,
            got: PyType::of(value).name().to_string(),
        });
    };
    let nested_type = match declared {
        "Array" | "ArrayList" | "array" => match items {
            Some(item) => Some(item),
            None => return Ok(None),
        },
        _ => None,
    };
    let nested = match nested_type.map(|t| language.py_type(t)) {
        Some(None) => return Ok(None),
        Some(Some(t)) => Some(t),
        None => None,
    };
    let converted = match language {
        Language::Java => java::convert(text, declared, nested_type),
        Language::JavaScript => javascript::convert(text, declared, nested_type),
        Language::Python => Some(value.clone()),
    };
    Ok(converted.map(|value| Converted {
        expected,
        nested,
        value,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One line of `fixtures/converter_parity.jsonl` (`scripts/bfcl_parity.py --converters`):
    /// a source text, a type, and what upstream's converter made of it or that it raised.
    #[derive(Deserialize)]
    struct ConverterCase {
        language: Language,
        #[serde(rename = "type")]
        ty: String,
        nested: Option<String>,
        value: String,
        raises: bool,
        result: Value,
    }

    #[test]
    fn conversions_agree_with_upstreams_converters_on_seeded_texts() {
        let mut wrong = Vec::new();
        let mut total = 0;
        for line in include_str!("../fixtures/converter_parity.jsonl").lines() {
            let case: ConverterCase = serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("bad converter case {line}: {e}"));
            let nested = case.nested.as_deref();
            let got = match case.language {
                Language::Java => java::convert(&case.value, &case.ty, nested),
                _ => javascript::convert(&case.value, &case.ty, nested),
            };
            let want = (!case.raises).then_some(case.result);
            if got != want {
                wrong.push(format!("{line}\n  ours: {got:?}"));
            }
            total += 1;
        }
        assert!(total >= 4000, "only {total} converter cases");
        assert!(
            wrong.is_empty(),
            "{} of {total} differ:\n{}",
            wrong.len(),
            wrong.join("\n")
        );
    }

    #[test]
    fn categories_map_to_languages_as_upstream_decides() {
        assert_eq!(Language::from_category("simple_java"), Language::Java);
        assert_eq!(
            Language::from_category("simple_javascript"),
            Language::JavaScript
        );
        for python in [
            "simple_python",
            "live_simple",
            "parallel_multiple",
            "irrelevance",
        ] {
            assert_eq!(Language::from_category(python), Language::Python);
        }
        assert_eq!(Language::default(), Language::Python);
        let json = serde_json::to_string(&[Language::Python, Language::Java, Language::JavaScript]);
        assert_eq!(
            json.ok().as_deref(),
            Some(r#"["python","java","javascript"]"#)
        );
    }
}
