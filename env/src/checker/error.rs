//! Why the BFCL checker rejected a set of calls: one variant per official `error_type`.

use serde::Serialize;

use super::Language;

/// A reason the checker rejected the model's calls. [`CheckError::kind`] is a stable snake_case
/// name for logs and tests; [`CheckError::bfcl_error_type`] is the official checker's string.
#[derive(Debug, Clone, PartialEq, Serialize, thiserror::Error)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CheckError {
    /// The model made a different number of calls than the answer expects.
    #[error("wrong number of calls: expected {expected}, got {got}")]
    WrongCount {
        /// Calls in the answer.
        expected: usize,
        /// Calls the model made.
        got: usize,
    },
    /// The call names a different function than the answer.
    #[error("wrong function name: expected `{expected}`, got `{got}`")]
    WrongFuncName {
        /// The answer's function.
        expected: String,
        /// The model's function.
        got: String,
    },
    /// The answer names a function that is not among the specs (a data error, not the model's).
    #[error("the answer calls `{name}`, which no function spec describes; fix the task data")]
    UnknownFunction {
        /// The function name.
        name: String,
    },
    /// The call's arguments were not a JSON object.
    #[error("the arguments of `{func}` must be an object of named parameters")]
    ArgumentsNotObject {
        /// The function called.
        func: String,
    },
    /// A parameter in the spec's `required` list is absent.
    #[error("missing required parameter `{param}` of `{func}`")]
    MissingRequired {
        /// The function called.
        func: String,
        /// The parameter.
        param: String,
    },
    /// A parameter that is not documented, or not in the answer, was given.
    #[error("unexpected parameter `{param}` of `{func}`")]
    UnexpectedParam {
        /// The function called.
        func: String,
        /// The parameter.
        param: String,
    },
    /// The value's type is neither the declared type nor the answer's type.
    #[error("incorrect type for parameter `{param}`: expected {expected}, got {got}")]
    TypeMismatch {
        /// The parameter.
        param: String,
        /// The declared type.
        expected: String,
        /// The Python type of the value.
        got: String,
    },
    /// A Java or JavaScript argument that is not a string (its source text), which upstream
    /// demands before converting it by the declared type.
    #[error("parameter `{param}` must be a {} value written as a string, got {got}", language.name())]
    NotAString {
        /// The parameter.
        param: String,
        /// The task's language.
        language: Language,
        /// The Python type of the value.
        got: String,
    },
    /// An array's items do not have the declared item type.
    #[error("nested type check failed for parameter `{param}`: expected items of type {inner}")]
    NestedTypeMismatch {
        /// The parameter.
        param: String,
        /// The declared item type.
        inner: String,
    },
    /// A string value matches no alternative (after standardization).
    #[error("invalid value for parameter `{param}`: {got} (case-insensitive, punctuation ignored)")]
    StringValue {
        /// The parameter.
        param: String,
        /// The value, as JSON.
        got: String,
    },
    /// A list value matches no alternative.
    #[error("invalid value for parameter `{param}`: {got}")]
    ListValue {
        /// The parameter.
        param: String,
        /// The value, as JSON.
        got: String,
    },
    /// A dict value has a key the answer lacks, or lacks one the answer needs.
    #[error("dict key `{key}` of parameter `{param}` is unexpected or missing")]
    DictKey {
        /// The parameter.
        param: String,
        /// The key.
        key: String,
    },
    /// A dict value's entry matches no alternative.
    #[error("invalid value for key `{key}` of dict parameter `{param}`")]
    DictValue {
        /// The parameter.
        param: String,
        /// The key.
        key: String,
    },
    /// No dict alternative to compare against (all alternatives were `""`).
    #[error("no dict alternative to compare parameter `{param}` against")]
    DictUnclear {
        /// The parameter.
        param: String,
    },
    /// A list of dicts has a different length than every alternative.
    #[error("wrong number of dicts in the list of parameter `{param}`")]
    ListDictCount {
        /// The parameter.
        param: String,
    },
    /// Any other value that matches no alternative (numbers, booleans, variables).
    #[error("invalid value for parameter `{param}`: {got}")]
    OtherValue {
        /// The parameter.
        param: String,
        /// The value, as JSON.
        got: String,
    },
    /// A parameter the answer lists without a `""` alternative was not given.
    #[error("parameter `{param}` of `{func}` not provided and not marked optional")]
    MissingOptional {
        /// The function called.
        func: String,
        /// The parameter.
        param: String,
    },
    /// Parallel calls: no unused model call matches the answer's call at `index`.
    #[error("no model call matches answer call {index}: {closest}")]
    NoMatch {
        /// Index of the answer's call.
        index: usize,
        /// The error against the most similar candidate (same function name first).
        closest: Box<CheckError>,
    },
}

impl CheckError {
    /// A stable snake_case name for the reason.
    pub fn kind(&self) -> &'static str {
        match self {
            CheckError::WrongCount { .. } => "wrong_count",
            CheckError::WrongFuncName { .. } => "wrong_func_name",
            CheckError::UnknownFunction { .. } => "unknown_function",
            CheckError::ArgumentsNotObject { .. } => "arguments_not_object",
            CheckError::MissingRequired { .. } => "missing_required",
            CheckError::UnexpectedParam { .. } => "unexpected_param",
            CheckError::TypeMismatch { .. } => "type_mismatch",
            CheckError::NotAString { .. } => "not_a_string",
            CheckError::NestedTypeMismatch { .. } => "nested_type_mismatch",
            CheckError::StringValue { .. } => "string_value",
            CheckError::ListValue { .. } => "list_value",
            CheckError::DictKey { .. } => "dict_key",
            CheckError::DictValue { .. } => "dict_value",
            CheckError::DictUnclear { .. } => "dict_unclear",
            CheckError::ListDictCount { .. } => "list_dict_count",
            CheckError::OtherValue { .. } => "other_value",
            CheckError::MissingOptional { .. } => "missing_optional",
            CheckError::NoMatch { .. } => "no_match",
        }
    }

    /// The official runner's `error_type` for this reason in `category`: counts and
    /// (ir)relevance are named by the category's checker, everything else by the reason.
    pub fn bfcl_error_type_in(&self, category: super::Category) -> &'static str {
        use super::Category;
        match (category, self) {
            (Category::Irrelevance, _) => "irrelevance_error:decoder_success",
            (Category::Relevance, _) => "relevance_error:decoder_failed",
            (Category::Multiple, CheckError::WrongCount { .. }) => {
                "multiple_function_checker:wrong_count"
            }
            (Category::Parallel | Category::ParallelMultiple, CheckError::WrongCount { .. }) => {
                "parallel_function_checker_no_order:wrong_count"
            }
            _ => self.bfcl_error_type(),
        }
    }

    /// The official checker's `error_type` string for this reason.
    pub fn bfcl_error_type(&self) -> &'static str {
        match self {
            CheckError::WrongCount { .. } => "simple_function_checker:wrong_count",
            CheckError::WrongFuncName { .. } => "simple_function_checker:wrong_func_name",
            CheckError::UnknownFunction { .. } => "simple_function_checker:unclear",
            CheckError::ArgumentsNotObject { .. } => "type_error:simple",
            CheckError::MissingRequired { .. } => "simple_function_checker:missing_required",
            CheckError::UnexpectedParam { .. } => "simple_function_checker:unexpected_param",
            CheckError::TypeMismatch { .. } => "type_error:simple",
            CheckError::NotAString {
                language: Language::JavaScript,
                ..
            } => "type_error:js",
            CheckError::NotAString { .. } => "type_error:java",
            CheckError::NestedTypeMismatch { .. } => "type_error:nested",
            CheckError::StringValue { .. } => "value_error:string",
            CheckError::ListValue { .. } => "value_error:list/tuple",
            CheckError::DictKey { .. } => "value_error:dict_key",
            CheckError::DictValue { .. } => "value_error:dict_value",
            CheckError::DictUnclear { .. } => "dict_checker:unclear",
            CheckError::ListDictCount { .. } => "value_error:list_dict_count",
            CheckError::OtherValue { .. } => "value_error:others",
            CheckError::MissingOptional { .. } => "simple_function_checker:missing_optional",
            CheckError::NoMatch { .. } => "parallel_function_checker_no_order:cannot_find_match",
        }
    }

    /// True for a wrong value (or a wrong-typed value) of a documented, expected parameter: the
    /// model chose the right function and parameter but not the right value. For [`NoMatch`]
    /// this asks the closest candidate.
    ///
    /// [`NoMatch`]: CheckError::NoMatch
    pub fn is_wrong_value(&self) -> bool {
        match self {
            CheckError::TypeMismatch { .. }
            | CheckError::NotAString { .. }
            | CheckError::NestedTypeMismatch { .. }
            | CheckError::StringValue { .. }
            | CheckError::ListValue { .. }
            | CheckError::DictKey { .. }
            | CheckError::DictValue { .. }
            | CheckError::DictUnclear { .. }
            | CheckError::ListDictCount { .. }
            | CheckError::OtherValue { .. } => true,
            CheckError::NoMatch { closest, .. } => closest.is_wrong_value(),
            _ => false,
        }
    }
}
