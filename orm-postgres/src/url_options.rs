//! The connection URL's options that tokio-postgres does not know (it
//! rejects unknown ones): `sslmode`'s verifying values, `sslrootcert`, and
//! `statement_mode`. They are taken out of the URL here; the rest goes to
//! tokio-postgres unchanged.

use crate::statement_mode::StatementMode;
use crate::tls::SslMode;

/// What [`split`] took out of a URL.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct UrlOptions {
    pub(crate) ssl_mode: Option<SslMode>,
    pub(crate) ssl_root_cert: Option<String>,
    pub(crate) statement_mode: Option<StatementMode>,
}

/// Splits `url` into the text tokio-postgres parses and the ORM's own
/// options. Both forms are understood: `postgres://...?k=v&k=v` and
/// `key=value key=value`.
///
/// # Errors
/// An option the ORM reads has a value it does not know.
pub(crate) fn split(url: &str) -> Result<(String, UrlOptions), String> {
    let mut options = UrlOptions::default();
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        let Some((base, query)) = url.split_once('?') else {
            return Ok((url.to_owned(), options));
        };
        let mut kept = Vec::new();
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            if !take(&mut options, key, &percent_decode(value))? {
                kept.push(pair);
            }
        }
        let rest = if kept.is_empty() {
            base.to_owned()
        } else {
            [base, &kept.join("&")].join("?")
        };
        return Ok((rest, options));
    }
    let mut kept = Vec::new();
    for pair in url.split_whitespace() {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        if !take(&mut options, key, value.trim_matches('\''))? {
            kept.push(pair);
        }
    }
    Ok((kept.join(" "), options))
}

/// Records `key=value` when it is one of the ORM's options; false when it
/// is not (it stays in the URL).
fn take(options: &mut UrlOptions, key: &str, value: &str) -> Result<bool, String> {
    match key {
        "sslmode" => {
            options.ssl_mode = Some(value.parse()?);
            Ok(true)
        }
        "sslrootcert" => {
            options.ssl_root_cert = Some(value.to_owned());
            Ok(true)
        }
        "statement_mode" => {
            options.statement_mode = Some(value.parse()?);
            Ok(true)
        }
        _ => Ok(false),
    }
}

/// Decodes `%XX` escapes (a path in `sslrootcert`); anything malformed is
/// kept as written.
fn percent_decode(value: &str) -> String {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| char::from(b).to_digit(16);
        match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&h), Some(&l)) if hex(h).is_some() && hex(l).is_some() => {
                let (h, l) = (hex(h).unwrap_or(0), hex(l).unwrap_or(0));
                out.push(u8::try_from(h * 16 + l).unwrap_or(b'?'));
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn takes_the_orm_options_out_of_a_url() {
        let (rest, o) = split(
            "postgres://u@h:5/db?sslmode=verify-full&application_name=x&sslrootcert=%2Ftmp%2Fca.pem&statement_mode=unnamed",
        )
        .unwrap();
        assert_eq!(rest, "postgres://u@h:5/db?application_name=x");
        assert_eq!(o.ssl_mode, Some(SslMode::VerifyFull));
        assert_eq!(o.ssl_root_cert.as_deref(), Some("/tmp/ca.pem"));
        assert_eq!(o.statement_mode, Some(StatementMode::Unnamed));
    }

    #[test]
    fn takes_them_out_of_key_value_text() {
        let (rest, o) = split("host=h sslmode=require dbname=d").unwrap();
        assert_eq!(rest, "host=h dbname=d");
        assert_eq!(o.ssl_mode, Some(SslMode::Require));
        let (rest, o) = split("postgres://u@h/db").unwrap();
        assert_eq!(rest, "postgres://u@h/db");
        assert_eq!(o, UrlOptions::default());
    }

    #[test]
    fn an_unknown_value_is_an_error() {
        assert!(split("postgres://h/db?sslmode=sometimes").is_err());
        assert!(split("postgres://h/db?statement_mode=maybe").is_err());
    }
}
