//! Argument schemas with bounded validation work: a tool's JSON Schema is untrusted input.
//!
//! A schema can make validation unbounded host CPU in three ways, each closed here:
//!
//! * **`$ref` fan-out.** Refs that each apply two refs to the same instance (`allOf` of two refs
//!   to the next level) make validation exponential in the levels (30 levels: 12.7 s). At load,
//!   the schema is expanded with its refs inlined, one instance level at a time, and refused
//!   past [`MAX_EXPANDED_NODES`] subschemas. A ref cycle that comes back to the same instance
//!   location (`{"allOf": [{"$ref": "#"}]}`) would never end and is refused too; a cycle that
//!   descends into the instance (a tree's `children.items.$ref`) is allowed.
//! * **Backtracking regexes.** `pattern` and `patternProperties` use the `regex` crate's engine,
//!   linear in the input, with a compiled-size limit ([`MAX_REGEX_BYTES`]); look-around and
//!   back-references are not supported and a schema using them is a load problem.
//! * **Large arguments.** Before validating, a walk counts the (subschema, value) pairs the
//!   validator would visit, charging strings checked by a pattern or format for their length,
//!   and stops at [`MAX_VALIDATION_STEPS`]: exhaustion is an `invalid_arguments` outcome, the
//!   same for the same arguments on every machine. The walk is an upper bound of the
//!   validator's work (it applies every branch of `anyOf`, `if`/`then`/`else` and every
//!   `patternProperties` schema to every value).
//!
//! Also refused at load: refs other than local JSON pointers (`#`, `#/...`), `$dynamicRef` and
//! `$recursiveRef`, a `$id` below the root (it would move what `#` means), and
//! `unevaluatedProperties` / `unevaluatedItems` (their cost multiplies the in-place
//! applicators'). Tool specs in the OpenAI and BFCL styles use none of them.

use serde_json::{Map, Value};

/// Most subschemas one instance level of a schema may expand to, refs inlined.
pub const MAX_EXPANDED_NODES: usize = 10_000;
/// Most (subschema, value) pairs, plus string bytes / 64 under a pattern, one validation may
/// visit (about 50 ms of host CPU at jsonschema's speed).
pub const MAX_VALIDATION_STEPS: u64 = 1_000_000;
/// Compiled size limit of one regex, in bytes.
pub const MAX_REGEX_BYTES: usize = 1 << 20;
/// Deepest nesting the validation walk follows (instance depth is at most 128 in JSON text).
const MAX_WALK_DEPTH: usize = 1_024;

/// A compiled argument schema whose validation is bounded (see the module docs).
pub struct ArgSchema {
    root: Value,
    validator: jsonschema::Validator,
}

impl std::fmt::Debug for ArgSchema {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ArgSchema")
            .field("root", &self.root)
            .finish()
    }
}

impl ArgSchema {
    /// Checks `schema` against the limits and compiles it; the message says what is wrong.
    pub fn compile(schema: &Value) -> Result<ArgSchema, String> {
        jsonschema::meta::validate(schema)
            .map_err(|e| format!("parameters is not a valid JSON Schema: {e}"))?;
        Expansion::check(schema)?;
        let validator = jsonschema::options()
            .with_pattern_options(
                jsonschema::PatternOptions::regex()
                    .size_limit(MAX_REGEX_BYTES)
                    .dfa_size_limit(MAX_REGEX_BYTES),
            )
            .build(schema)
            .map_err(|e| format!("parameters cannot be compiled: {e}"))?;
        Ok(ArgSchema {
            root: schema.clone(),
            validator,
        })
    }

    /// Validates `value`: `Err` holds what is wrong (up to eight violations, one per line),
    /// or that checking these arguments would exceed [`MAX_VALIDATION_STEPS`].
    pub fn validate(&self, value: &Value) -> Result<(), String> {
        let mut walk = Walk {
            root: &self.root,
            steps: 0,
            active: Vec::new(),
        };
        walk.visit(&self.root, value, 0).map_err(|()| {
            format!(
                "checking these arguments against the schema would take more than {MAX_VALIDATION_STEPS} steps; send smaller arguments"
            )
        })?;
        // `is_valid` is the fast path; errors are only collected for a bad call.
        if self.validator.is_valid(value) {
            return Ok(());
        }
        let errors: Vec<String> = self
            .validator
            .iter_errors(value)
            .take(8)
            .map(|e| {
                let at = e.instance_path().to_string();
                if at.is_empty() {
                    e.to_string()
                } else {
                    format!("at {at}: {e}")
                }
            })
            .collect();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors.join("\n"))
        }
    }
}

/// Resolves a local ref (`#` or `#/json/pointer`) in `root`.
fn resolve<'a>(root: &'a Value, reference: &str) -> Result<&'a Value, String> {
    let pointer = reference.strip_prefix('#').ok_or_else(|| {
        format!("$ref `{reference}`: only local refs (`#` or `#/...`) are supported")
    })?;
    if !pointer.is_empty() && !pointer.starts_with('/') {
        return Err(format!(
            "$ref `{reference}`: only JSON-pointer refs (`#/...`) are supported, not anchors"
        ));
    }
    root.pointer(pointer)
        .ok_or_else(|| format!("$ref `{reference}` points at nothing"))
}

/// Keywords whose schema applies to the same instance location.
const IN_PLACE_ONE: [&str; 4] = ["not", "if", "then", "else"];
const IN_PLACE_MANY: [&str; 3] = ["allOf", "anyOf", "oneOf"];
/// Keywords whose schemas apply to the instance's members or items.
const DESCEND_ONE: [&str; 5] = [
    "additionalProperties",
    "propertyNames",
    "additionalItems",
    "contains",
    "items",
];
const DESCEND_MAP: [&str; 2] = ["properties", "patternProperties"];
const REFUSED: [&str; 4] = [
    "$dynamicRef",
    "$recursiveRef",
    "unevaluatedProperties",
    "unevaluatedItems",
];

/// The load-time expansion: refs inlined, counted per instance level.
struct Expansion<'a> {
    root: &'a Value,
    nodes: usize,
    /// Ref targets being expanded, with the instance depth each was entered at.
    active: Vec<(*const Value, usize)>,
}

impl<'a> Expansion<'a> {
    fn check(root: &'a Value) -> Result<(), String> {
        let mut e = Expansion {
            root,
            nodes: 0,
            active: Vec::new(),
        };
        e.visit(root, 0, true)
    }

    fn visit(&mut self, schema: &'a Value, depth: usize, is_root: bool) -> Result<(), String> {
        self.nodes += 1;
        if self.nodes > MAX_EXPANDED_NODES {
            return Err(format!(
                "parameters expands to more than {MAX_EXPANDED_NODES} subschemas with its $refs inlined; validating it could take unbounded time"
            ));
        }
        if self.active.len() > MAX_WALK_DEPTH {
            return Err(format!(
                "parameters nests $refs more than {MAX_WALK_DEPTH} deep"
            ));
        }
        let Some(obj) = schema.as_object() else {
            return Ok(());
        };
        if let Some(k) = REFUSED.iter().find(|k| obj.contains_key(**k)) {
            return Err(format!("`{k}` is not supported in parameters"));
        }
        if !is_root && obj.get("$id").is_some_and(Value::is_string) {
            return Err("`$id` is only supported at the root of parameters".into());
        }
        if let Some(reference) = obj.get("$ref").and_then(Value::as_str) {
            let target = resolve(self.root, reference)?;
            let key: *const Value = target;
            match self.active.iter().find(|(t, _)| *t == key) {
                Some((_, entered)) if *entered == depth => {
                    return Err(format!(
                        "$ref `{reference}` applies itself to the same value again: validation would never end"
                    ));
                }
                // A recursion through the instance's members: bounded by the value's depth,
                // and the call-time walk bounds its work.
                Some(_) => {}
                None => {
                    self.active.push((key, depth));
                    let result = self.visit(target, depth, false);
                    self.active.pop();
                    result?;
                }
            }
        }
        self.children(obj, depth)
    }

    fn children(&mut self, obj: &'a Map<String, Value>, depth: usize) -> Result<(), String> {
        for key in IN_PLACE_ONE {
            if let Some(s) = obj.get(key) {
                self.visit(s, depth, false)?;
            }
        }
        for key in IN_PLACE_MANY {
            for s in obj.get(key).and_then(Value::as_array).into_iter().flatten() {
                self.visit(s, depth, false)?;
            }
        }
        for key in ["dependentSchemas", "dependencies"] {
            for s in obj
                .get(key)
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
            {
                if s.1.is_object() {
                    self.visit(s.1, depth, false)?;
                }
            }
        }
        for key in DESCEND_ONE {
            match obj.get(key) {
                Some(Value::Array(items)) => {
                    for s in items {
                        self.visit(s, depth + 1, false)?;
                    }
                }
                Some(s) => self.visit(s, depth + 1, false)?,
                None => {}
            }
        }
        for s in obj
            .get("prefixItems")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            self.visit(s, depth + 1, false)?;
        }
        for key in DESCEND_MAP {
            for s in obj
                .get(key)
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
            {
                self.visit(s.1, depth + 1, false)?;
            }
        }
        Ok(())
    }
}

/// The call-time walk: counts the (subschema, value) pairs validation may visit.
struct Walk<'a> {
    root: &'a Value,
    steps: u64,
    /// (ref target, value) pairs being walked: a repeat is a cycle (refused at load; kept as
    /// a guard).
    active: Vec<(*const Value, *const Value)>,
}

impl<'a> Walk<'a> {
    fn charge(&mut self, steps: u64) -> Result<(), ()> {
        self.steps = self.steps.saturating_add(steps);
        if self.steps > MAX_VALIDATION_STEPS {
            Err(())
        } else {
            Ok(())
        }
    }

    fn visit(&mut self, schema: &'a Value, value: &Value, depth: usize) -> Result<(), ()> {
        self.charge(1)?;
        if depth > MAX_WALK_DEPTH {
            return Err(());
        }
        let Some(obj) = schema.as_object() else {
            return Ok(());
        };
        if let Value::String(s) = value
            && (obj.contains_key("pattern") || obj.contains_key("format"))
        {
            self.charge(s.len() as u64 / 64)?;
        }
        if let Some(options) = obj.get("enum").and_then(Value::as_array) {
            self.charge(options.len() as u64)?;
        }
        if let Some(target) = obj
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| resolve(self.root, r).ok())
        {
            let pair: (*const Value, *const Value) = (target, value);
            if self.active.contains(&pair) {
                return Err(());
            }
            self.active.push(pair);
            let result = self.visit(target, value, depth + 1);
            self.active.pop();
            result?;
        }
        for key in IN_PLACE_ONE {
            if let Some(s) = obj.get(key) {
                self.visit(s, value, depth + 1)?;
            }
        }
        for key in IN_PLACE_MANY {
            for s in obj.get(key).and_then(Value::as_array).into_iter().flatten() {
                self.visit(s, value, depth + 1)?;
            }
        }
        for key in ["dependentSchemas", "dependencies"] {
            for (_, s) in obj
                .get(key)
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
            {
                self.visit(s, value, depth + 1)?;
            }
        }
        match value {
            Value::Object(members) => self.members(obj, members, depth),
            Value::Array(items) => self.items(obj, items, depth),
            _ => Ok(()),
        }
    }

    fn members(
        &mut self,
        obj: &'a Map<String, Value>,
        members: &Map<String, Value>,
        depth: usize,
    ) -> Result<(), ()> {
        let properties = obj.get("properties").and_then(Value::as_object);
        let patterns = obj.get("patternProperties").and_then(Value::as_object);
        for (name, member) in members {
            if let Some(s) = properties.and_then(|p| p.get(name)) {
                self.visit(s, member, depth + 1)?;
            }
            for (_, s) in patterns.into_iter().flatten() {
                self.charge(1 + name.len() as u64 / 64)?;
                self.visit(s, member, depth + 1)?;
            }
            if let Some(s) = obj.get("additionalProperties") {
                self.visit(s, member, depth + 1)?;
            }
            if let Some(s) = obj.get("propertyNames") {
                self.visit(s, &Value::String(name.clone()), depth + 1)?;
            }
        }
        Ok(())
    }

    fn items(
        &mut self,
        obj: &'a Map<String, Value>,
        items: &[Value],
        depth: usize,
    ) -> Result<(), ()> {
        if obj
            .get("uniqueItems")
            .is_some_and(|u| u == &Value::Bool(true))
        {
            self.charge(items.len() as u64)?;
        }
        let prefix = obj
            .get("prefixItems")
            .or_else(|| obj.get("items").filter(|i| i.is_array()))
            .and_then(Value::as_array);
        for (s, item) in prefix.into_iter().flatten().zip(items) {
            self.visit(s, item, depth + 1)?;
        }
        for key in ["items", "additionalItems", "contains"] {
            if let Some(s) = obj.get(key).filter(|s| !s.is_array()) {
                for item in items {
                    self.visit(s, item, depth + 1)?;
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
