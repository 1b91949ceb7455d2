//! Internal link checking: every relative `href` or `src` in a generated page
//! must name a file the build generates.

use std::collections::HashSet;

use super::urls::SitePath;

/// The relative link targets of an HTML page, as written (entities decoded).
pub fn relative_links(html: &str) -> Vec<String> {
    use memchr::memmem::Finder;
    use std::sync::LazyLock;
    // SIMD substring search: a build checks every page it writes, over a
    // gigabyte of HTML for a large site.
    static ATTRS: LazyLock<[Finder<'static>; 2]> =
        LazyLock::new(|| [Finder::new(" href=\""), Finder::new(" src=\"")]);
    let mut out = Vec::new();
    for attr in ATTRS.iter() {
        let mut rest = html;
        while let Some(i) = attr.find(rest.as_bytes()) {
            rest = &rest[i + attr.needle().len()..];
            let Some(end) = memchr::memchr(b'"', rest.as_bytes()) else {
                break;
            };
            let raw = &rest[..end];
            rest = &rest[end..];
            let external = raw.starts_with('#')
                || raw.starts_with('/')
                || raw
                    .split_once(':')
                    .is_some_and(|(scheme, _)| !scheme.contains('/'));
            if !external {
                // Only escaped links need decoding; most are copied as they are.
                out.push(if raw.contains('&') {
                    raw.replace("&amp;", "&").replace("&#x2F;", "/")
                } else {
                    raw.to_owned()
                });
            }
        }
    }
    out
}

/// Resolves `link` from `page` to a file path from the site root, or `None`
/// if it climbs above the root.
pub fn resolve(page: &SitePath, link: &str) -> Option<String> {
    let link = link.split(['#', '?']).next().unwrap_or("");
    let file = page.file();
    let mut parts: Vec<&str> = file.split('/').collect();
    parts.pop();
    for segment in link.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    let mut path = parts.join("/");
    if link.is_empty() || link.ends_with('/') {
        if !path.is_empty() {
            path.push('/');
        }
        path.push_str("index.html");
    }
    Some(path)
}

/// The links of `html` (the page at `page`) that name no generated file.
pub fn broken(page: &SitePath, html: &str, files: &HashSet<String>) -> Vec<String> {
    relative_links(html)
        .into_iter()
        .filter(|link| resolve(page, link).is_none_or(|target| !files.contains(&target)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_and_resolves_relative_links() {
        let html = r##"<a href="../../methodology/index.html#x">m</a> <a href="https://a.example">e</a>
            <a href="#top">t</a> <link href="../../../assets/style.css"> <a href="mailto:a@b.example">m</a>
            <a href="../missing/">x</a>"##;
        assert_eq!(
            relative_links(html),
            vec![
                "../../methodology/index.html#x",
                "../../../assets/style.css",
                "../missing/",
            ]
        );
        let page = SitePath::root();
        assert_eq!(
            resolve(&page, "2026/index.html"),
            Some("2026/index.html".into())
        );
        assert_eq!(
            resolve(&page, "pages/about/"),
            Some("pages/about/index.html".into())
        );
        assert_eq!(resolve(&page, "../x"), None);
        let files: HashSet<String> =
            ["index.html".to_owned(), "assets/style.css".to_owned()].into();
        assert_eq!(
            broken(
                &page,
                r#"<a href="assets/style.css"></a><a href="nope.html"></a>"#,
                &files
            ),
            vec!["nope.html"]
        );
    }
}
