//! Synthetic scorecard data for benchmarks and tests.
//!
//! Writes a data folder that passes `scorecard check` with no error and no
//! warning: the real ten-action framework (`framework.toml` beside this file),
//! two editions (2025 and 2026), `N` platforms in each, one findings file per
//! action per platform, three archived sources per finding and ~120-word
//! markdown rationales. It can also write a Hugo site holding the same text,
//! page for page, to compare build times.
//!
//! Everything is derived from the seed by a small splitmix64 generator, one
//! independent stream per (edition, platform, action): the same seed gives
//! byte-identical files, and platform `i` is the same whatever `N` is.
//!
//! Shared by `examples/gen-data`, `benches/pipeline.rs` and `tests/gen_data.rs`
//! through `#[path]`, so each of them uses only part of it.
#![allow(dead_code)]

use std::fmt::Write as _;
use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use chrono::{Days, NaiveDate};
use rayon::prelude::*;

/// The framework both editions are rated against: a copy of the real one.
pub const FRAMEWORK_TOML: &str = include_str!("framework.toml");

/// What to generate.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Platforms per edition.
    pub platforms: usize,
    pub seed: u64,
}

/// What was written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub files: usize,
    pub bytes: u64,
}

impl std::ops::Add for Summary {
    type Output = Summary;
    fn add(self, other: Summary) -> Summary {
        Summary {
            files: self.files + other.files,
            bytes: self.bytes + other.bytes,
        }
    }
}

pub struct EditionSpec {
    pub label: &'static str,
    pub title: &'static str,
    pub published: (i32, u32, u32),
}

/// Oldest first; the last one is the latest, which the site also shows at its root.
pub const EDITIONS: [EditionSpec; 2] = [
    EditionSpec {
        label: "2025",
        title: "2025 edition",
        published: (2025, 11, 3),
    },
    EditionSpec {
        label: "2026",
        title: "2026 edition",
        published: (2026, 11, 2),
    },
];

impl EditionSpec {
    pub fn date(&self) -> NaiveDate {
        let (y, m, d) = self.published;
        NaiveDate::from_ymd_opt(y, m, d).expect("edition dates are valid")
    }
}

// ------------------------------------------------------------------ random

/// splitmix64: tiny, fast, and good enough for made-up text.
#[derive(Debug, Clone)]
pub struct Rng(u64);

fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// An independent stream for `parts` (e.g. edition, platform, action).
    pub fn derive(seed: u64, parts: &[u64]) -> Rng {
        let mut state = mix(seed ^ 0x5CA1_AB1E_0DD5_EED5);
        for &part in parts {
            state = mix(state ^ mix(part.wrapping_add(0x9E37_79B9_7F4A_7C15)));
        }
        Rng(state)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix(self.0)
    }

    /// Uniform in `0..n` (`n` > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo + 1)
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// True `percent` times in a hundred.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    /// `k` distinct items, in the order drawn.
    pub fn sample<'a, T>(&mut self, items: &'a [T], k: usize) -> Vec<&'a T> {
        let mut index: Vec<usize> = (0..items.len()).collect();
        let k = k.min(items.len());
        for i in 0..k {
            let j = i + self.below((items.len() - i) as u64) as usize;
            index.swap(i, j);
        }
        index[..k].iter().map(|&i| &items[i]).collect()
    }
}

// ------------------------------------------------------------------ framework

pub struct Shape {
    /// The framework's notes (markdown), shown on the methodology page.
    pub notes: String,
    /// (id, label, points), best first.
    pub ratings: Vec<(String, String, Option<i64>)>,
    pub actions: Vec<ActionShape>,
}

pub struct ActionShape {
    pub number: u32,
    pub slug: String,
    pub title: String,
    pub indicators: Vec<IndicatorShape>,
}

pub struct IndicatorShape {
    pub id: String,
    pub title: String,
    pub question: String,
}

impl Shape {
    /// Reads the actions, indicators and rating scale of [`FRAMEWORK_TOML`].
    pub fn parse() -> Shape {
        let table: toml::Table = toml::from_str(FRAMEWORK_TOML).expect("framework.toml parses");
        let text = |t: &toml::Table, key: &str| {
            t[key]
                .as_str()
                .unwrap_or_else(|| panic!("`{key}` is a string"))
                .to_owned()
        };
        let tables = |t: &toml::Table, key: &str| -> Vec<toml::Table> {
            t.get(key)
                .and_then(toml::Value::as_array)
                .map(|a| a.iter().filter_map(|v| v.as_table().cloned()).collect())
                .unwrap_or_default()
        };
        let ratings = tables(&table, "rating")
            .iter()
            .map(|r| {
                (
                    text(r, "id"),
                    text(r, "label"),
                    r.get("points").and_then(toml::Value::as_integer),
                )
            })
            .collect();
        let actions = tables(&table, "action")
            .iter()
            .map(|a| ActionShape {
                number: a["number"].as_integer().expect("action number") as u32,
                slug: text(a, "slug"),
                title: text(a, "title"),
                indicators: tables(a, "indicator")
                    .iter()
                    .map(|i| IndicatorShape {
                        id: text(i, "id"),
                        title: text(i, "title"),
                        question: text(i, "question"),
                    })
                    .collect(),
            })
            .collect();
        Shape {
            notes: table
                .get("notes")
                .and_then(toml::Value::as_str)
                .unwrap_or_default()
                .to_owned(),
            ratings,
            actions,
        }
    }

    pub fn rating_label(&self, id: &str) -> (&str, Option<i64>) {
        self.ratings
            .iter()
            .find(|r| r.0 == id)
            .map(|r| (r.1.as_str(), r.2))
            .expect("ratings come from the scale")
    }
}

// ------------------------------------------------------------------ word lists

const STEMS: &[&str] = &[
    "kel", "vor", "ami", "zen", "lum", "tar", "quin", "bri", "osa", "per", "nov", "hal", "mir",
    "sol", "dax", "ori", "vel", "cor", "ten", "ula", "fen", "rho", "sia", "bel", "kai", "lor",
    "tam", "yar", "zir", "ema",
];
const ENDINGS: &[&str] = &[
    "ora", "ix", "ant", "ello", "ium", "ara", "o", "et", "ia", "on", "ly", "ea", "ino", "ora",
];
const KINDS: &[(&str, &str)] = &[
    ("Social", "social network"),
    ("Chat", "messaging service"),
    ("Video", "video-sharing platform"),
    ("Search", "search engine"),
    ("Market", "online marketplace"),
    ("Forum", "discussion forum"),
    ("Photos", "photo-sharing app"),
    ("News", "news aggregator"),
    ("Live", "live-streaming service"),
    ("Maps", "mapping and reviews service"),
    ("Music", "music and podcast platform"),
    ("Jobs", "professional network"),
];
const COMPANY_FORMS: &[&str] = &[
    "Inc.", "Ltd", "GmbH", "S.A.", "B.V.", "AB", "Pte. Ltd", "plc",
];
const COUNTRIES: &[&str] = &[
    "US", "IE", "DE", "FR", "NL", "SE", "BR", "IN", "KE", "JP", "KR", "SG", "ZA", "MX", "NG", "ID",
    "GB", "CA",
];
const FIRST_NAMES: &[&str] = &[
    "Maria", "Amina", "Tomás", "Priya", "Jonas", "Leila", "Kwame", "Sofia", "Hiroshi", "Nadia",
    "Diego", "Aylin", "Samuel", "Mei", "Olu", "Ingrid", "Rafael", "Zainab",
];
const LAST_NAMES: &[&str] = &[
    "Okafor", "Haddad", "Silva", "Raman", "Berg", "Mensah", "Kowalski", "Tanaka", "Petrova",
    "García", "Yilmaz", "Nguyen", "Adeyemi", "Larsen", "Costa", "Rahman", "Moreau", "Chen",
];
const GROUPS: &[&str] = &[
    "journalists",
    "land and environmental defenders",
    "women human rights defenders",
    "trade unionists",
    "human rights lawyers",
    "LGBTQI+ activists",
    "Indigenous representatives",
    "anti-corruption advocates",
];
const REGIONS: &[&str] = &[
    "South-East Asia",
    "the Sahel",
    "Central America",
    "the Andean region",
    "East Africa",
    "the South Caucasus",
    "North Africa",
    "South Asia",
    "the Western Balkans",
    "the Gulf",
];
const LIST_INTROS: &[&str] = &[
    "What we looked at:",
    "In short:",
    "The evidence, by aspect:",
];
const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
/// The platform's own documents: (title, path).
const OWN_DOCS: &[(&str, &str)] = &[
    ("Human Rights Policy", "about/human-rights-policy"),
    ("Community Guidelines", "policies/community-guidelines"),
    ("Transparency Report", "transparency/report"),
    ("Safety Centre", "safety"),
    ("Help Centre: Reporting abuse", "help/reporting-abuse"),
    ("Trust and Safety Annual Review", "reports/trust-and-safety"),
    ("Crisis Response Protocol", "policies/crisis-response"),
    ("Account Security Settings", "help/account-security"),
    (
        "Our Commitment to Human Rights Defenders",
        "about/human-rights/defenders",
    ),
    ("Appeals and Remedy", "help/appeals"),
];
/// Others who write about platforms: (publisher, domain).
const OTHERS: &[(&str, &str)] = &[
    ("Digital Defenders Example Network", "ddn.example"),
    ("Open Rights Example Watch", "orw.example"),
    ("Example Press Freedom Trust", "pressfreedom.example"),
    (
        "Coalition for Safer Example Platforms",
        "safer-platforms.example",
    ),
    ("The Example Tribune", "tribune.example"),
    ("The Example Ledger", "ledger.example"),
    (
        "Example Institute for Online Rights",
        "online-rights.example",
    ),
];
const OTHER_TITLES: &[&str] = &[
    "Platform Accountability Review",
    "Silenced Online: Attacks on Defenders",
    "How Platforms Answer Defenders: a Survey",
    "Reporting Tools Under Test",
    "Who Moderates the Margins?",
    "Trusted Flaggers, Untrusted Outcomes",
    "Account Takeovers and the People They Target",
];
const OWN_QUOTES: &[&str] = &[
    "We will actively protect human rights defenders who use our services, wherever they are.",
    "Reports from trusted partners are reviewed by specialist teams within 24 hours.",
    "We publish the number of government requests we receive, country by country.",
    "Users at heightened risk can turn on additional account protections at any time.",
    "Our crisis protocol sets out how we respond to elections, unrest and shutdowns.",
    "Every appeal is reviewed by a person who was not involved in the original decision.",
];
const OTHER_QUOTES: &[&str] = &[
    "Of the defenders we surveyed, most had reported abuse at least once in the past year.",
    "Responses to reports in minority languages took three times as long on average.",
    "The company did not answer our questions about staffing for the region.",
    "Partners described the escalation channel as useful but slow.",
];

// ------------------------------------------------------------------ documents

/// What stays the same about a platform across editions.
pub struct Identity {
    pub slug: String,
    pub name: String,
    pub company: String,
    pub domain: String,
    pub kind: &'static str,
    pub headquarters: &'static str,
    pub services: Vec<String>,
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// "Crisis protocols" → "crisis protocols", but "HRD risk assessment" stays.
fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if !second.is_uppercase() => {
            first.to_lowercase().chain(s.chars().skip(1)).collect()
        }
        _ => s.to_owned(),
    }
}

pub fn identity(seed: u64, index: usize) -> Identity {
    let mut rng = Rng::derive(seed, &[0xA11, index as u64]);
    let stem = format!("{}{}", rng.pick(STEMS), rng.pick(ENDINGS));
    let (kind, description) = *rng.pick(KINDS);
    let word = capitalise(&stem);
    let name = format!("{word} {kind}");
    let slug = format!("{stem}-{}-{}", kind.to_lowercase(), index + 1);
    let domain = format!("{stem}{}{}.example", kind.to_lowercase(), index + 1);
    let mut services = vec![name.clone()];
    for extra in ["Groups", "Messenger", "Live", "Business", "Kids"] {
        if rng.chance(30) {
            services.push(format!("{name} {extra}"));
        }
    }
    Identity {
        company: format!("{word} {kind} {}", rng.pick(COMPANY_FORMS)),
        slug,
        name,
        domain,
        kind: description,
        headquarters: rng.pick::<&str>(COUNTRIES),
        services,
    }
}

/// One platform's assessment in one edition.
pub struct PlatformDoc {
    pub id: Identity,
    pub assessed: NaiveDate,
    pub researchers: Vec<String>,
    pub summary: String,
    pub response: Option<ResponseDoc>,
}

pub struct ResponseDoc {
    pub received: NaiveDate,
    pub summary: String,
    pub url: String,
}

pub struct FindingDoc {
    pub indicator: String,
    pub rating: &'static str,
    pub rationale: String,
    pub sources: Vec<SourceDoc>,
}

pub struct SourceDoc {
    pub title: String,
    pub url: String,
    pub publisher: String,
    pub published: Option<NaiveDate>,
    pub accessed: NaiveDate,
    pub archive: String,
    pub quote: Option<String>,
}

pub fn platform_doc(seed: u64, edition: usize, index: usize) -> PlatformDoc {
    let id = identity(seed, index);
    let mut rng = Rng::derive(seed, &[0xB22, edition as u64, index as u64]);
    let published = EDITIONS[edition].date();
    let assessed = published - Days::new(rng.range(20, 60));
    let researchers = (0..rng.range(1, 3))
        .map(|_| format!("{} {}", rng.pick(FIRST_NAMES), rng.pick(LAST_NAMES)))
        .collect();
    let users = rng.range(2, 900);
    let standing = *rng.pick(&[
        "is among the stronger performers",
        "sits in the middle of the table",
        "trails most of its peers",
        "improved on several actions",
    ]);
    let summary = format!(
        "{} is a {} with about {users} million monthly users, most of them in {}. It {standing} \
         in this edition.\n\n- Published its *{}* in {}.\n- Says it works with {} in {} countries.\n\
         - Discloses little about the **resources** behind its work on defenders.\n",
        id.name,
        id.kind,
        rng.pick(REGIONS),
        rng.pick(OWN_DOCS).0,
        rng.pick(MONTHS),
        rng.pick(GROUPS),
        rng.range(3, 60),
    );
    let response = rng.chance(30).then(|| ResponseDoc {
        received: published - Days::new(rng.range(8, 19)),
        summary: format!(
            "{} welcomed the findings and said it would publish a progress report in {}. It \
             disputed one rating, saying that staffing *is not a meaningful measure* of \
             commitment. We have kept the rating.\n",
            id.name,
            rng.pick(MONTHS)
        ),
        url: format!(
            "https://{}/newsroom/{}/response-hrd-scorecard",
            id.domain, EDITIONS[edition].label
        ),
    });
    PlatformDoc {
        id,
        assessed,
        researchers,
        summary,
        response,
    }
}

fn pick_rating(rng: &mut Rng) -> &'static str {
    match rng.below(100) {
        0..=24 => "full",
        25..=59 => "partial",
        60..=79 => "none",
        80..=94 => "no_evidence",
        _ => "not_applicable",
    }
}

fn source(rng: &mut Rng, id: &Identity, edition: &EditionSpec, own: bool) -> SourceDoc {
    let accessed = edition.date() - Days::new(rng.range(25, 160));
    let published = rng
        .chance(85)
        .then(|| accessed - Days::new(rng.range(0, 900)));
    let year = published.unwrap_or(accessed).format("%Y").to_string();
    let (title, url, publisher, quote) = if own {
        let (title, path) = *rng.pick(OWN_DOCS);
        (
            title.to_owned(),
            format!("https://{}/{path}", id.domain),
            id.company.clone(),
            rng.chance(50).then(|| (*rng.pick(OWN_QUOTES)).to_owned()),
        )
    } else {
        let (publisher, domain) = *rng.pick(OTHERS);
        let title = *rng.pick(OTHER_TITLES);
        let slug: String = title
            .to_lowercase()
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect::<String>()
            .split('-')
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("-");
        (
            format!("{title} {year}"),
            format!("https://{domain}/reports/{year}/{slug}"),
            publisher.to_owned(),
            rng.chance(40).then(|| (*rng.pick(OTHER_QUOTES)).to_owned()),
        )
    };
    let archive = format!(
        "https://web.archive.org/web/{}{:02}{:02}{:02}/{url}",
        accessed.format("%Y%m%d"),
        rng.below(24),
        rng.below(60),
        rng.below(60)
    );
    SourceDoc {
        title,
        url,
        publisher,
        published,
        accessed,
        archive,
        quote,
    }
}

/// A markdown rationale of about 120 words: two paragraphs around a bullet
/// list, with a link and emphasis. Never holds `"` or `\`, so it fits a TOML
/// multi-line string as it is.
fn rationale(
    rng: &mut Rng,
    id: &Identity,
    indicator: &IndicatorShape,
    rating: &str,
    link: (&str, &str),
) -> String {
    let p = &id.name;
    let topic = lower_first(&indicator.title);
    let doc = format!("[{}]({})", link.0, link.1);
    let opener = match rating {
        "full" => format!(
            "{p} meets this indicator. Its {doc} addresses {topic} directly and *without \
             conditions*, and the company repeats the commitment in its most recent reporting."
        ),
        "partial" => format!(
            "{p} addresses {topic} in its {doc}, but only in part: the wording covers the main \
             service and leaves *room for exceptions* elsewhere."
        ),
        "none" => format!(
            "{p} has published material touching on {topic}, and it shows the indicator is \
             *not met*: the {doc} describes a narrower approach than the one asked for."
        ),
        "no_evidence" => format!(
            "We found no public evidence on {topic}. Neither the {doc} nor any other page {p} \
             publishes says anything *either way*."
        ),
        _ => format!(
            "This indicator does not apply to {p} as written: none of its services has a \
             feature where {topic} arises, as its {doc} confirms *in plain terms*."
        ),
    };
    let middles = [
        format!(
            "Defenders we interviewed in {} described the process as *slow but workable*, and {} \
             of them had used it in the past year.",
            rng.pick(REGIONS),
            rng.range(3, 40)
        ),
        format!(
            "The company says the approach covers {}, though it gives no figures on how often it \
             is used.",
            rng.pick(GROUPS)
        ),
        format!(
            "Compared with the previous edition, the wording is *more specific* and now names {} \
             explicitly.",
            rng.pick(GROUPS)
        ),
        format!(
            "Civil society partners in {} told us the commitment is rarely visible to the people \
             it is meant to protect.",
            rng.pick(REGIONS)
        ),
        format!(
            "A {} update extended the programme to {} more countries, most of them in {}.",
            rng.pick(MONTHS),
            rng.range(2, 30),
            rng.pick(REGIONS)
        ),
        "None of this is *independently verified*, and the company declined to share internal \
         figures with us."
            .to_owned(),
    ];
    let aspects = [
        "Scope",
        "Coverage",
        "Languages",
        "Escalation",
        "Oversight",
        "Transparency",
        "Resources",
        "Consultation",
        "Appeals",
        "Timeliness",
    ];
    let assessments = [
        format!(
            "documented, with worked examples from {}",
            rng.pick(REGIONS)
        ),
        "asserted, but no figures are published".to_owned(),
        "limited to the main service".to_owned(),
        format!(
            "{} languages, not including several spoken in {}",
            rng.range(5, 70),
            rng.pick(REGIONS)
        ),
        "reviewed every year by a named team".to_owned(),
        "not mentioned in any public document".to_owned(),
        format!("described only in a {} blog post", rng.pick(MONTHS)),
    ];
    let closers = [
        "We will look for *published outcomes* in the next edition.".to_owned(),
        format!(
            "The rating would rise with evidence that the policy is applied to {} in {}.",
            rng.pick(GROUPS),
            rng.pick(REGIONS)
        ),
        "See the sources below for the exact wording, which we quote where it matters.".to_owned(),
        "Read together, the documents justify the rating, but they leave open how decisions are \
         reviewed and by whom."
            .to_owned(),
    ];
    let mut text = opener;
    for m in rng.sample(&middles, 2) {
        text.push(' ');
        text.push_str(m);
    }
    text.push_str("\n\n");
    text.push_str(rng.pick::<&str>(LIST_INTROS));
    text.push_str("\n\n");
    for (aspect, assessment) in rng
        .sample(&aspects, 3)
        .into_iter()
        .zip(rng.sample(&assessments, 3))
    {
        let _ = writeln!(text, "- **{aspect}:** {assessment};");
    }
    text.push('\n');
    let closing = rng.sample(&closers, 2);
    let _ = writeln!(text, "{} {}", closing[0], closing[1]);
    debug_assert!(!text.contains('"') && !text.contains('\\'));
    text
}

/// The findings of one platform on one action.
pub fn findings(
    seed: u64,
    shape: &Shape,
    edition: usize,
    index: usize,
    action: usize,
) -> Vec<FindingDoc> {
    let id = identity(seed, index);
    let spec = &EDITIONS[edition];
    let mut rng = Rng::derive(seed, &[0xC33, edition as u64, index as u64, action as u64]);
    shape.actions[action]
        .indicators
        .iter()
        .map(|indicator| {
            let rating = pick_rating(&mut rng);
            let own = rng.range(1, 2) as usize;
            let sources: Vec<SourceDoc> = (0..3)
                .map(|i| source(&mut rng, &id, spec, i < own))
                .collect();
            let rationale = rationale(
                &mut rng,
                &id,
                indicator,
                rating,
                (&sources[0].title, &sources[0].url),
            );
            FindingDoc {
                indicator: indicator.id.clone(),
                rating,
                rationale,
                sources,
            }
        })
        .collect()
}

// ------------------------------------------------------------------ data folder

/// A TOML basic string.
pub fn toml_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn write_file(path: &Path, text: &str) -> io::Result<Summary> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir)?;
    }
    fs::write(path, text)?;
    Ok(Summary {
        files: 1,
        bytes: text.len() as u64,
    })
}

pub fn platform_toml(doc: &PlatformDoc, edition: &EditionSpec) -> String {
    let id = &doc.id;
    let mut t = format!(
        "# {} — {}. Synthetic data.\n\nname = {}\ncompany = {}\nwebsite = {}\nheadquarters = {}\n",
        id.name,
        edition.title,
        toml_str(&id.name),
        toml_str(&id.company),
        toml_str(&format!("https://{}", id.domain)),
        toml_str(id.headquarters)
    );
    let list = |items: &[String]| {
        items
            .iter()
            .map(|s| toml_str(s))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let _ = writeln!(t, "services = [{}]", list(&id.services));
    let _ = writeln!(t, "assessed = {}", doc.assessed);
    let _ = writeln!(t, "researchers = [{}]", list(&doc.researchers));
    let _ = write!(t, "\nsummary = \"\"\"\n{}\"\"\"\n", doc.summary);
    if let Some(r) = &doc.response {
        let _ = write!(
            t,
            "\n[[response]]\nreceived = {}\nurl = {}\nsummary = \"\"\"\n{}\"\"\"\n",
            r.received,
            toml_str(&r.url),
            r.summary
        );
    }
    t
}

pub fn findings_toml(action: &ActionShape, edition: &EditionSpec, list: &[FindingDoc]) -> String {
    let mut t = format!(
        "# Findings for action {}: {} ({}). Synthetic data.\n",
        action.number, action.title, edition.title
    );
    for f in list {
        let _ = write!(
            t,
            "\n[[finding]]\nindicator = {}\nrating = {}\nrationale = \"\"\"\n{}\"\"\"\n",
            toml_str(&f.indicator),
            toml_str(f.rating),
            f.rationale
        );
        for s in &f.sources {
            let _ = write!(
                t,
                "\n[[finding.source]]\ntitle = {}\nurl = {}\npublisher = {}\n",
                toml_str(&s.title),
                toml_str(&s.url),
                toml_str(&s.publisher)
            );
            if let Some(p) = s.published {
                let _ = writeln!(t, "published = {p}");
            }
            let _ = writeln!(
                t,
                "accessed = {}\narchive = {}",
                s.accessed,
                toml_str(&s.archive)
            );
            if let Some(q) = &s.quote {
                let _ = writeln!(t, "quote = {}", toml_str(q));
            }
        }
    }
    t
}

const SETTINGS_TOML: &str =
    "# Site settings. Synthetic data for benchmarks: every platform, company,\n\
# person, finding and address is invented.\n\n\
title = \"HRD Protection Scorecard (synthetic)\"\n\
base_url = \"https://example.org/scorecard\"\n\
publisher = \"Example CSO Coalition\"\n\
license = \"CC-BY-4.0\"\n\
language = \"en\"\n\
sample_data = true\n";

const ABOUT_MD: &str = "+++\ntitle = \"About the scorecard\"\n\
description = \"What this synthetic scorecard is for.\"\n+++\n\n\
## This is synthetic data\n\n\
**Everything on this site is generated** to measure how fast the scorecard builds. \
None of it describes a real company.\n";

/// Writes the data folder into `out` (created if needed; existing files are
/// overwritten, others left alone).
pub fn generate_data(out: &Path, options: &Options) -> io::Result<Summary> {
    let shape = Shape::parse();
    let mut total = write_file(&out.join("scorecard.toml"), SETTINGS_TOML)?;
    total = total + write_file(&out.join("pages/about.md"), ABOUT_MD)?;
    for spec in &EDITIONS {
        let dir = out.join("editions").join(spec.label);
        let meta = format!(
            "label = {}\ntitle = {}\npublished = {}\nstatus = \"published\"\n",
            toml_str(spec.label),
            toml_str(spec.title),
            spec.date()
        );
        total = total + write_file(&dir.join("edition.toml"), &meta)?;
        total = total + write_file(&dir.join("framework.toml"), FRAMEWORK_TOML)?;
    }
    let jobs: Vec<(usize, usize)> = (0..EDITIONS.len())
        .flat_map(|e| (0..options.platforms).map(move |p| (e, p)))
        .collect();
    let written = jobs
        .par_iter()
        .map(|&(e, p)| write_platform(out, options.seed, &shape, e, p))
        .collect::<io::Result<Vec<Summary>>>()?;
    Ok(written.into_iter().fold(total, |a, b| a + b))
}

fn write_platform(
    out: &Path,
    seed: u64,
    shape: &Shape,
    edition: usize,
    index: usize,
) -> io::Result<Summary> {
    let spec = &EDITIONS[edition];
    let doc = platform_doc(seed, edition, index);
    let dir = out
        .join("editions")
        .join(spec.label)
        .join("platforms")
        .join(&doc.id.slug);
    let mut total = write_file(&dir.join("platform.toml"), &platform_toml(&doc, spec))?;
    for (a, action) in shape.actions.iter().enumerate() {
        let list = findings(seed, shape, edition, index, a);
        let name = format!("action-{:02}.toml", action.number);
        total = total + write_file(&dir.join(name), &findings_toml(action, spec, &list))?;
    }
    Ok(total)
}

// ------------------------------------------------------------------ Hugo site

const HUGO_CONFIG: &str = "baseURL = \"https://example.org/scorecard/\"\n\
title = \"HRD Protection Scorecard (synthetic)\"\n\
languageCode = \"en\"\n\
disableKinds = [\"taxonomy\", \"term\", \"RSS\"]\n\
[markup.goldmark.renderer]\n\
unsafe = false\n";

const HUGO_BASEOF: &str = r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} — {{ .Site.Title }}</title>
<link rel="canonical" href="{{ .Permalink }}">
</head>
<body>
<header><a href="{{ "" | relURL }}">{{ .Site.Title }}</a></header>
<main>
{{ block "main" . }}{{ end }}
</main>
<footer><p>Published by Example CSO Coalition · CC-BY-4.0</p></footer>
</body>
</html>
"#;

const HUGO_SINGLE: &str = r#"{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
{{ .Content }}
</article>
{{ end }}
"#;

const HUGO_LIST: &str = r#"{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{ end }}
</ul>
{{ end }}
"#;

fn front_matter(title: &str) -> String {
    format!("+++\ntitle = {}\n+++\n\n", toml_str(title))
}

/// The sources of a finding as a markdown list, with the same facts the
/// scorecard shows.
fn sources_markdown(out: &mut String, sources: &[SourceDoc]) {
    out.push_str("**Sources**\n\n");
    for s in sources {
        let _ = write!(out, "1. [{}]({}) — {}", s.title, s.url, s.publisher);
        if let Some(p) = s.published {
            let _ = write!(out, ", published {p}");
        }
        let _ = writeln!(
            out,
            ", accessed {} ([archived copy]({}))",
            s.accessed, s.archive
        );
        if let Some(q) = &s.quote {
            let _ = writeln!(out, "\n   > {q}\n");
        }
    }
    out.push('\n');
}

fn rating_markdown(shape: &Shape, rating: &str) -> String {
    let (label, points) = shape.rating_label(rating);
    match points {
        Some(p) => format!("**Rating:** {label} ({p} points)\n\n"),
        None => format!("**Rating:** {label} (excluded from the score)\n\n"),
    }
}

/// The Hugo page of one platform report: the same text as the scorecard's.
pub fn hugo_platform(seed: u64, shape: &Shape, edition: usize, index: usize) -> String {
    let spec = &EDITIONS[edition];
    let doc = platform_doc(seed, edition, index);
    let id = &doc.id;
    let mut md = front_matter(&format!("{} — platform report ({})", id.name, spec.title));
    let _ = write!(
        md,
        "{} · <https://{}> · headquarters {} · services: {} · assessed {} · researchers: {}\n\n## Summary\n\n{}\n",
        id.company,
        id.domain,
        id.headquarters,
        id.services.join(", "),
        doc.assessed,
        doc.researchers.join(", "),
        doc.summary
    );
    for (a, action) in shape.actions.iter().enumerate() {
        let _ = write!(md, "## Action {}: {}\n\n", action.number, action.title);
        let list = findings(seed, shape, edition, index, a);
        for (indicator, f) in action.indicators.iter().zip(&list) {
            let _ = write!(
                md,
                "### {} {}\n\n*{}*\n\n{}{}\n",
                indicator.id,
                indicator.title,
                indicator.question,
                rating_markdown(shape, f.rating),
                f.rationale
            );
            sources_markdown(&mut md, &f.sources);
        }
    }
    if let Some(r) = &doc.response {
        let _ = write!(
            md,
            "## Company response\n\nReceived {}.\n\n{}\n[Read the full response]({})\n",
            r.received, r.summary, r.url
        );
    }
    md
}

/// The Hugo methodology page: the framework's notes, scale and indicators.
fn hugo_methodology(shape: &Shape, spec: &EditionSpec) -> String {
    let mut md = front_matter(&format!("Methodology ({})", spec.title));
    md.push_str(&shape.notes);
    md.push_str("\n## Rating scale\n\n");
    for (id, label, points) in &shape.ratings {
        let points = points.map_or("excluded".to_owned(), |p| p.to_string());
        let _ = writeln!(md, "- **{label}** (`{id}`): {points}");
    }
    for a in &shape.actions {
        let _ = write!(md, "\n## Action {}: {}\n\n", a.number, a.title);
        for i in &a.indicators {
            let _ = writeln!(md, "- **{} {}:** {}", i.id, i.title, i.question);
        }
    }
    md
}

/// The Hugo page of one action: every platform's findings on it.
fn write_hugo_action(
    path: &Path,
    seed: u64,
    shape: &Shape,
    edition: usize,
    action: usize,
    platforms: usize,
) -> io::Result<Summary> {
    let spec = &EDITIONS[edition];
    let a = &shape.actions[action];
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir)?;
    }
    let mut out = BufWriter::new(fs::File::create(path)?);
    let mut bytes = 0u64;
    let mut put = |out: &mut BufWriter<fs::File>, s: &str| -> io::Result<()> {
        bytes += s.len() as u64;
        out.write_all(s.as_bytes())
    };
    let mut head = front_matter(&format!(
        "Action {}: {} ({})",
        a.number, a.title, spec.title
    ));
    head.push_str("## Indicators\n\n");
    for i in &a.indicators {
        let _ = writeln!(head, "- **{} {}:** {}", i.id, i.title, i.question);
    }
    head.push_str("\n## Ratings and rationales\n\n");
    put(&mut out, &head)?;
    for index in 0..platforms {
        let id = identity(seed, index);
        let mut md = format!("### {}\n\n", id.name);
        for (indicator, f) in a
            .indicators
            .iter()
            .zip(findings(seed, shape, edition, index, action))
        {
            let _ = write!(
                md,
                "#### {} {}\n\n{}{}\n{} sources: ",
                indicator.id,
                indicator.title,
                rating_markdown(shape, f.rating),
                f.rationale,
                f.sources.len()
            );
            let links: Vec<String> = f
                .sources
                .iter()
                .map(|s| format!("[{}]({})", s.title, s.url))
                .collect();
            md.push_str(&links.join("; "));
            md.push_str("\n\n");
        }
        put(&mut out, &md)?;
    }
    out.flush()?;
    Ok(Summary { files: 1, bytes })
}

/// Writes a Hugo site into `out` with one page per platform report and per
/// action page of each edition, and again for the latest edition at the root,
/// as the scorecard does.
pub fn generate_hugo(out: &Path, options: &Options) -> io::Result<Summary> {
    let shape = Shape::parse();
    let mut total = write_file(&out.join("config.toml"), HUGO_CONFIG)?;
    let layouts = out.join("layouts/_default");
    total = total + write_file(&layouts.join("baseof.html"), HUGO_BASEOF)?;
    total = total + write_file(&layouts.join("single.html"), HUGO_SINGLE)?;
    total = total + write_file(&layouts.join("list.html"), HUGO_LIST)?;
    let content = out.join("content");
    total = total + write_file(&content.join("_index.md"), &front_matter("Overview"))?;
    total = total + write_file(&content.join("pages/about.md"), ABOUT_MD)?;
    let latest = EDITIONS.len() - 1;
    // (folder under content/, edition)
    let mut bases: Vec<(String, usize)> = EDITIONS
        .iter()
        .enumerate()
        .map(|(e, s)| (format!("{}/", s.label), e))
        .collect();
    bases.push((String::new(), latest));
    let mut jobs: Vec<(String, usize, Option<usize>, usize)> = Vec::new();
    for (base, e) in &bases {
        let spec = &EDITIONS[*e];
        if !base.is_empty() {
            total = total
                + write_file(
                    &content.join(base).join("_index.md"),
                    &front_matter(spec.title),
                )?;
        }
        total = total
            + write_file(
                &content.join(base).join("platforms/_index.md"),
                &front_matter(&format!("Platforms ({})", spec.title)),
            )?;
        total = total
            + write_file(
                &content.join(base).join("actions/_index.md"),
                &front_matter(&format!("Actions ({})", spec.title)),
            )?;
        total = total
            + write_file(
                &content.join(base).join("methodology.md"),
                &hugo_methodology(&shape, spec),
            )?;
        for p in 0..options.platforms {
            jobs.push((base.clone(), *e, Some(p), 0));
        }
        for a in 0..shape.actions.len() {
            jobs.push((base.clone(), *e, None, a));
        }
    }
    let written = jobs
        .par_iter()
        .map(|(base, e, platform, action)| match platform {
            Some(p) => {
                let slug = identity(options.seed, *p).slug;
                write_file(
                    &content.join(base).join(format!("platforms/{slug}.md")),
                    &hugo_platform(options.seed, &shape, *e, *p),
                )
            }
            None => {
                let a = &shape.actions[*action];
                write_hugo_action(
                    &content
                        .join(base)
                        .join(format!("actions/{}-{}.md", a.number, a.slug)),
                    options.seed,
                    &shape,
                    *e,
                    *action,
                    options.platforms,
                )
            }
        })
        .collect::<io::Result<Vec<Summary>>>()?;
    Ok(written.into_iter().fold(total, |a, b| a + b))
}
