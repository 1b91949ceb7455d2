//! Which file answers a request path: only files inside the output folder,
//! never through `..`, encoded or not, nor through a link that leads out.

use std::path::{Path, PathBuf};

use percent_encoding::percent_decode_str;

/// The file inside `root` that the URL path `url_path` names, or `None` when
/// the path is malformed, leaves the folder, or names nothing.
pub fn resolve(root: &Path, url_path: &str) -> Option<PathBuf> {
    let mut file = root.to_path_buf();
    file.extend(segments(url_path)?.0);
    if file.is_dir() {
        file.push("index.html");
    }
    let canonical_root = root.canonicalize().ok()?;
    let canonical = file.canonicalize().ok()?;
    (canonical.starts_with(&canonical_root) && canonical.is_file()).then_some(canonical)
}

/// The file of the output folder (a relative, `/`-separated path) that the
/// URL path `url_path` names if the site has it, without looking at the
/// disk: a path to a folder, or with no extension, names its `index.html`.
pub fn output_file(url_path: &str) -> Option<String> {
    let (mut segments, folder) = segments(url_path)?;
    if folder || segments.last().is_none_or(|s| !s.contains('.')) {
        segments.push("index.html".to_owned());
    }
    Some(segments.join("/"))
}

/// The decoded segments of a URL path, and whether it ends with a `/`; or
/// `None` when a segment is malformed or climbs out (`..`, a drive, a NUL or
/// a backslash).
fn segments(url_path: &str) -> Option<(Vec<String>, bool)> {
    let path = url_path.split(['?', '#']).next().unwrap_or("");
    let decoded = percent_decode_str(path).decode_utf8().ok()?;
    if decoded.contains('\0') || decoded.contains('\\') {
        return None;
    }
    let mut segments = Vec::new();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => return None,
            s if s.contains(':') => return None,
            s => segments.push(s.to_owned()),
        }
    }
    Some((segments, decoded.ends_with('/')))
}

/// The `Content-Type` of a file, by its extension.
pub fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "csv" => "text/csv; charset=utf-8",
        "xml" => "application/xml",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "txt" | "bib" => "text/plain; charset=utf-8",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serves_only_inside_the_root() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        std::fs::create_dir_all(root.join("a")).unwrap();
        std::fs::write(root.join("index.html"), "i").unwrap();
        std::fs::write(root.join("a/index.html"), "a").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "s").unwrap();
        let ok = |p: &str| resolve(&root, p).map(|f| std::fs::read_to_string(f).unwrap());
        assert_eq!(ok("/").as_deref(), Some("i"));
        assert_eq!(ok("/a/").as_deref(), Some("a"));
        assert_eq!(ok("/a").as_deref(), Some("a"));
        assert_eq!(ok("/a/index.html?x=1#y").as_deref(), Some("a"));
        for bad in [
            "/../secret.txt",
            "/%2e%2e/secret.txt",
            "/a/%2E%2E/%2e%2e/secret.txt",
            "/..%2fsecret.txt",
            "/a/..\\..\\secret.txt",
            "/%00",
            "/nope",
            "/C:/x",
            // Mixed case, encoded slashes and double encoding.
            "/%2E%2e/secret.txt",
            "/%2e%2E/secret.txt",
            "/..%2fsecret.txt",
            "/..%2Fsecret.txt",
            "/a/..%2f..%2fsecret.txt",
            "/%2e%2e%2fsecret.txt",
            "/%252e%252e/secret.txt",
            "/%252e%252e%252fsecret.txt",
            "/a/%252E%252E/%252E%252E/secret.txt",
            "/.%2e/secret.txt",
            "/%2e./secret.txt",
            "/..;/secret.txt",
            "/a/..%5c..%5csecret.txt",
            // Absolute paths, plain and encoded.
            "//etc/passwd",
            "/%2Fetc%2Fpasswd",
            "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
            "file:///etc/passwd",
            "http://localhost/../secret.txt",
            "/index.html%00.txt",
        ] {
            assert_eq!(ok(bad), None, "{bad}");
        }
        assert_eq!(
            resolve(
                &root,
                &format!("/{}", dir.path().join("secret.txt").display())
            ),
            None
        );
    }

    #[test]
    fn output_files_are_named_without_the_disk() {
        assert_eq!(output_file("/").as_deref(), Some("index.html"));
        assert_eq!(
            output_file("/platforms/ch%C3%A2t/?x=1").as_deref(),
            Some("platforms/ch\u{e2}t/index.html")
        );
        assert_eq!(
            output_file("/actions/3").as_deref(),
            Some("actions/3/index.html")
        );
        assert_eq!(
            output_file("/data/scores.csv").as_deref(),
            Some("data/scores.csv")
        );
        assert_eq!(output_file("/%2Fa%2Fb.json").as_deref(), Some("a/b.json"));
        // As the reload script names its page: encoded whole.
        assert_eq!(
            output_file("%2F2026.1%2Fplatforms%2Fx%2F").as_deref(),
            Some("2026.1/platforms/x/index.html")
        );
        for bad in ["/../x.html", "/a/%2e%2e/%2e%2e/x", "/%00", "/C:/x", "/a\\b"] {
            assert_eq!(output_file(bad), None, "{bad}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn links_out_of_the_root_are_not_followed() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        std::fs::create_dir_all(root.join("a")).unwrap();
        std::fs::write(root.join("a/index.html"), "a").unwrap();
        let outside = dir.path().join("outside");
        std::fs::create_dir_all(&outside).unwrap();
        std::fs::write(outside.join("secret.txt"), "s").unwrap();
        std::fs::write(outside.join("index.html"), "s").unwrap();
        // A file link, a folder link, and a link that climbs with `..`.
        symlink(outside.join("secret.txt"), root.join("link.txt")).unwrap();
        symlink(&outside, root.join("linked")).unwrap();
        symlink("../outside/secret.txt", root.join("a/up.txt")).unwrap();
        symlink("/etc/passwd", root.join("passwd")).unwrap();
        for bad in [
            "/link.txt",
            "/linked/secret.txt",
            "/linked/",
            "/linked",
            "/a/up.txt",
            "/passwd",
            "/%6cink.txt",
        ] {
            assert_eq!(resolve(&root, bad), None, "{bad}");
        }
        // A link that stays inside the root is fine.
        symlink("a/index.html", root.join("inside.html")).unwrap();
        assert_eq!(
            resolve(&root, "/inside.html"),
            Some(root.join("a/index.html").canonicalize().unwrap())
        );
    }
}
