//! Unix-like path handling: resolving a path against the working directory into a normalized
//! absolute path, and splitting paths into parent and name.

/// Longest path accepted, in characters.
pub const MAX_PATH_CHARS: usize = 1024;
/// Longest file or directory name accepted, in characters.
pub const MAX_NAME_CHARS: usize = 255;
/// The home directory `~` stands for.
pub const HOME: &str = "/home/user";

/// Resolves `path` against `cwd` (an absolute normalized path) into an absolute normalized
/// path: `~` is the home directory, `.` and empty components vanish, `..` goes up (stopping
/// at `/`).
pub fn resolve(cwd: &str, path: &str) -> Result<String, String> {
    if path.is_empty() {
        return Err("path is empty; use '.' for the current directory".into());
    }
    if path.chars().count() > MAX_PATH_CHARS {
        return Err(format!(
            "path is too long (over {MAX_PATH_CHARS} characters)"
        ));
    }
    if path.contains('\0') {
        return Err("path contains a NUL character".into());
    }
    let full = if path == "~" {
        HOME.to_string()
    } else if let Some(rest) = path.strip_prefix("~/") {
        format!("{HOME}/{rest}")
    } else if path.starts_with('/') {
        path.to_string()
    } else {
        format!("{cwd}/{path}")
    };
    let mut parts: Vec<&str> = Vec::new();
    for part in full.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            name => {
                if name.chars().count() > MAX_NAME_CHARS {
                    return Err(format!(
                        "name is too long (over {MAX_NAME_CHARS} characters)"
                    ));
                }
                parts.push(name);
            }
        }
    }
    Ok(format!("/{}", parts.join("/")))
}

/// The parent directory of an absolute normalized path (`None` for `/`).
pub fn parent(path: &str) -> Option<&str> {
    if path == "/" {
        return None;
    }
    match path.rfind('/') {
        Some(0) => Some("/"),
        Some(i) => Some(&path[..i]),
        None => None,
    }
}

/// The last component of an absolute normalized path (`/` for the root).
pub fn name(path: &str) -> &str {
    if path == "/" {
        return "/";
    }
    path.rsplit('/').next().unwrap_or(path)
}

/// `dir` joined with `name`.
pub fn join(dir: &str, name: &str) -> String {
    if dir == "/" {
        format!("/{name}")
    } else {
        format!("{dir}/{name}")
    }
}

/// The prefix every path strictly inside `dir` starts with.
pub fn inside_prefix(dir: &str) -> String {
    if dir == "/" {
        "/".to_string()
    } else {
        format!("{dir}/")
    }
}

/// Whether `name` matches the glob `pattern` (`*` any run of characters, `?` one character).
pub fn glob_match(pattern: &str, name: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let n: Vec<char> = name.chars().collect();
    // Iterative matcher with backtracking to the last '*': linear-ish, no recursion.
    let (mut pi, mut ni) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ni < n.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == n[ni]) {
            pi += 1;
            ni += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ni));
            pi += 1;
        } else if let Some((sp, sn)) = star {
            pi = sp + 1;
            ni = sn + 1;
            star = Some((sp, sn + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolve_normalizes_relative_absolute_and_home_paths() {
        let r = |p: &str| resolve("/home/user", p).unwrap();
        assert_eq!(r("docs/a.txt"), "/home/user/docs/a.txt");
        assert_eq!(r("/etc//hostname/"), "/etc/hostname");
        assert_eq!(r("./x/../y"), "/home/user/y");
        assert_eq!(r("../../../.."), "/");
        assert_eq!(r("~"), "/home/user");
        assert_eq!(r("~/notes.txt"), "/home/user/notes.txt");
        assert_eq!(r("."), "/home/user");
        assert_eq!(resolve("/", "a").unwrap(), "/a");
    }

    #[test]
    fn resolve_refuses_empty_long_and_nul_paths() {
        assert_eq!(
            resolve("/", "").unwrap_err(),
            "path is empty; use '.' for the current directory"
        );
        assert!(
            resolve("/", &"a/".repeat(600))
                .unwrap_err()
                .starts_with("path is too long")
        );
        assert!(
            resolve("/", &"a".repeat(300))
                .unwrap_err()
                .starts_with("name is too long")
        );
        assert_eq!(
            resolve("/", "a\0b").unwrap_err(),
            "path contains a NUL character"
        );
    }

    #[test]
    fn parent_name_and_join() {
        assert_eq!(parent("/a/b"), Some("/a"));
        assert_eq!(parent("/a"), Some("/"));
        assert_eq!(parent("/"), None);
        assert_eq!(name("/a/b.txt"), "b.txt");
        assert_eq!(name("/"), "/");
        assert_eq!(join("/", "a"), "/a");
        assert_eq!(join("/a", "b"), "/a/b");
        assert_eq!(inside_prefix("/"), "/");
        assert_eq!(inside_prefix("/a"), "/a/");
    }

    #[test]
    fn glob_matches_stars_and_question_marks() {
        assert!(glob_match("*.txt", "notes.txt"));
        assert!(!glob_match("*.txt", "notes.md"));
        assert!(glob_match("re?ort.*", "report.md"));
        assert!(glob_match("*", ""));
        assert!(glob_match("a*b*c", "aXXbYYc"));
        assert!(!glob_match("a*b*c", "aXXbYY"));
        assert!(glob_match("main.py", "main.py"));
        assert!(!glob_match(&"*a".repeat(50), &"a".repeat(40)));
    }
}
