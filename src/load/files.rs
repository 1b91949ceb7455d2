//! One reader per kind of file in the data format: each takes the file's root
//! table and returns the model value, recording every problem on the way.

use chrono::NaiveDate;
use toml::de::DeValue;

use crate::diagnostic::Code;
use crate::ids::{HttpUrl, LanguageTag, Slug};
use crate::model::{
    Action, EditionMeta, Finding, Framework, Indicator, Languages, Platform, Rating, Response,
    Settings, Source, Status,
};
use crate::source::Spanned;

use super::reader::{FromValue, Reported, Table, ValueError};

impl FromValue for Status {
    fn from_value(value: &DeValue) -> Result<Self, ValueError> {
        match String::from_value(value)?.as_str() {
            "published" => Ok(Status::Published),
            "draft" => Ok(Status::Draft),
            other => Err(ValueError {
                code: Code::InvalidValue,
                message: format!("`{other}` is not an edition status"),
                help: Some("use \"published\" or \"draft\"".into()),
                span: None,
            }),
        }
    }
}

/// Reads an integer key and checks it lies in `range`.
fn integer_in<T: TryFrom<i64>>(
    t: &mut Table,
    key: &'static str,
    range: std::ops::RangeInclusive<i64>,
    required: bool,
) -> Result<Option<Spanned<T>>, Reported> {
    let value = if required {
        t.required::<i64>(key).map(Some).ok_or(Reported)?
    } else {
        t.optional::<i64>(key)?
    };
    let Some(value) = value else { return Ok(None) };
    match T::try_from(value.value) {
        Ok(v) if range.contains(&value.value) => Ok(Some(Spanned::new(v, value.span))),
        _ => {
            let message = format!(
                "`{key}` is {}, outside {}..={}",
                value.value,
                range.start(),
                range.end()
            );
            t.ctx().error(Code::InvalidValue, value.span, message, None);
            Err(Reported)
        }
    }
}

pub fn settings(t: &mut Table) -> Option<Settings> {
    let title = t.required("title");
    let base_url = t.required("base_url");
    let publisher = t.required("publisher");
    let license = t.required("license");
    let language = t.optional::<LanguageTag>("language");
    let languages = t.list::<LanguageTag>("languages");
    let sample_data = t.optional::<bool>("sample_data");
    let languages = site_languages(t, language.ok()?, languages.ok()?)?;
    Some(Settings {
        title: title?,
        base_url: base_url?,
        publisher: publisher?,
        license: license?,
        language: languages.default_language().clone(),
        languages,
        sample_data: sample_data.ok()?.is_some_and(|b| b.value),
    })
}

/// The site's languages from `language` and `languages`: the list, whose
/// first is the default, or `language` alone (by default "en"). Both may be
/// given only if `language` is the first of the list.
fn site_languages(
    t: &mut Table,
    language: Option<Spanned<LanguageTag>>,
    list: Vec<Spanned<LanguageTag>>,
) -> Option<Languages> {
    let Some(list_span) = t.value_span("languages") else {
        return Some(Languages::only(
            language.map(|l| l.value).unwrap_or_default(),
        ));
    };
    let tags: Vec<LanguageTag> = list.iter().map(|l| l.value.clone()).collect();
    let languages = match Languages::new(tags) {
        Ok(languages) => languages,
        Err(None) => {
            t.ctx().error(
                Code::InvalidValue,
                list_span,
                "`languages` is empty",
                Some("list the site's languages, the default first: [\"en\", \"ar\"]".into()),
            );
            return None;
        }
        Err(Some(twice)) => {
            let span = list
                .iter()
                .filter(|l| l.value == twice)
                .nth(1)
                .map_or(list_span, |l| l.span);
            t.ctx().error(
                Code::InvalidValue,
                span,
                format!("language `{}` is listed twice", twice.as_str()),
                Some("list each language once".into()),
            );
            return None;
        }
    };
    if let Some(language) = language {
        if &language.value != languages.default_language() {
            let message = format!(
                "`language` is `{}` but the first of `languages`, the default, is `{}`",
                language.value.as_str(),
                languages.default_language().as_str()
            );
            t.ctx().error(
                Code::InvalidValue,
                language.span,
                message,
                Some("remove `language`: the first of `languages` is the default".into()),
            );
            return None;
        }
    }
    Some(languages)
}

pub fn edition_meta(t: &mut Table) -> Option<EditionMeta> {
    let label = t.required("label");
    let title = t.required("title");
    let published = t.required("published");
    let status = t.optional::<Status>("status");
    let summary = t.optional("summary");
    Some(EditionMeta {
        label: label?,
        title: title?,
        published: published?,
        status: status.ok()?.map_or(Status::Published, |s| s.value),
        summary: summary.ok()?,
    })
}

pub fn framework(t: &mut Table) -> Option<Framework> {
    let id = t.required("id");
    let title = t.required("title");
    let publisher = t.required("publisher");
    let published = t.required::<NaiveDate>("published");
    let url = t.required::<HttpUrl>("url");
    let notes = t.optional("notes");
    let ratings = t.tables("rating", "rating", rating);
    let actions = t.tables("action", "action", action);
    Some(Framework {
        id: id?,
        title: title?,
        publisher: publisher?,
        published: published?,
        url: url?,
        notes: notes.ok()?,
        ratings: ratings.ok()?,
        actions: actions.ok()?,
    })
}

fn rating(t: &mut Table) -> Option<Rating> {
    let id = t.required("id");
    let label = t.required("label");
    let points = integer_in::<u8>(t, "points", 0..=100, false);
    let description = t.required("description");
    Some(Rating {
        id: id?,
        label: label?,
        points: points.ok()?,
        description: description?,
    })
}

fn action(t: &mut Table) -> Option<Action> {
    let number = integer_in::<u32>(t, "number", 1..=999, true);
    let slug = t.required::<Slug>("slug");
    let title = t.required("title");
    let weight = t.optional::<f64>("weight");
    let summary = t.optional("summary");
    let indicators = t.tables("indicator", "indicator", indicator);
    let weight = match weight {
        Ok(Some(w)) if w.value <= 0.0 => {
            let message = format!("`weight` is {}, but must be greater than 0", w.value);
            t.ctx().error(
                Code::InvalidValue,
                w.span,
                message,
                Some("use 1.0 for an action of ordinary weight".into()),
            );
            None
        }
        Ok(w) => Some(w),
        Err(Reported) => None,
    };
    let number = number.ok()??;
    let weight = weight?.unwrap_or_else(|| Spanned::new(1.0, number.span));
    Some(Action {
        number,
        slug: slug?,
        title: title?,
        weight,
        summary: summary.ok()?,
        indicators: indicators.ok()?,
    })
}

fn indicator(t: &mut Table) -> Option<Indicator> {
    let id = t.required("id");
    let title = t.required("title");
    let question = t.required("question");
    Some(Indicator {
        id: id?,
        title: title?,
        question: question?,
    })
}

pub fn platform(t: &mut Table) -> Option<Platform> {
    let name = t.required("name");
    let company = t.required("company");
    let website = t.required("website");
    let headquarters = t.optional("headquarters");
    let services = t.list("services");
    let summary = t.optional("summary");
    let assessed = t.required("assessed");
    let researchers = t.list("researchers");
    let responses = t.tables("response", "response", response);
    Some(Platform {
        name: name?,
        company: company?,
        website: website?,
        headquarters: headquarters.ok()?,
        services: services.ok()?,
        summary: summary.ok()?,
        assessed: assessed?,
        researchers: researchers.ok()?,
        responses: responses.ok()?,
    })
}

fn response(t: &mut Table) -> Option<Response> {
    let received = t.required("received");
    let summary = t.required("summary");
    let url = t.optional("url");
    Some(Response {
        received: received?,
        summary: summary?,
        url: url.ok()?,
    })
}

/// A findings file: any number of `[[finding]]`. Returns the findings that were
/// read whole (the others have their diagnostics recorded) and whether all were.
pub fn findings(t: &mut Table) -> (Vec<Finding>, bool) {
    let file = t.ctx().file;
    t.tables_lenient("finding", "finding", |t| finding(t, file))
}

fn finding(t: &mut Table, file: crate::source::FileId) -> Option<Finding> {
    let indicator = t.required("indicator");
    let rating = t.required("rating");
    let rationale = t.optional("rationale");
    let sources = t.tables("source", "source", source);
    Some(Finding {
        indicator: indicator?,
        rating: rating?,
        rationale: rationale.ok()?,
        sources: sources.ok()?,
        file,
    })
}

fn source(t: &mut Table) -> Option<Source> {
    let title = t.required("title");
    let url = t.required("url");
    let publisher = t.required("publisher");
    let published = t.optional("published");
    let accessed = t.required("accessed");
    let archive = t.optional("archive");
    let quote = t.optional("quote");
    Some(Source {
        title: title?,
        url: url?,
        publisher: publisher?,
        published: published.ok()?,
        accessed: accessed?,
        archive: archive.ok()?,
        quote: quote.ok()?,
    })
}
