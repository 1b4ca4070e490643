//! Where the data lives: `--db` is a file path or a `postgres://` URL.

use std::fmt;
use std::path::PathBuf;

#[derive(Clone, PartialEq, Eq)]
pub enum Database {
    Sqlite(PathBuf),
    /// A libpq-style URL (`postgres://user:password@host:port/dbname?options=…`).
    Postgres(String),
}

impl Database {
    pub fn parse(text: &str) -> Database {
        if text.starts_with("postgres://") || text.starts_with("postgresql://") {
            Database::Postgres(text.to_string())
        } else {
            Database::Sqlite(PathBuf::from(text))
        }
    }

    pub fn is_postgres(&self) -> bool {
        matches!(self, Database::Postgres(_))
    }
}

/// Shown in the banner and logs: a URL's password is masked.
impl fmt::Display for Database {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Database::Sqlite(path) => write!(f, "{}", path.display()),
            Database::Postgres(url) => {
                let (scheme, rest) = url.split_once("://").unwrap_or(("postgres", url));
                match rest.split_once('@') {
                    Some((user, host)) if user.contains(':') => {
                        let name = user.split(':').next().unwrap_or("");
                        write!(f, "{scheme}://{name}:***@{host}")
                    }
                    _ => write!(f, "{url}"),
                }
            }
        }
    }
}

impl fmt::Debug for Database {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Database({self})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn db_is_a_path_or_a_postgres_url_whose_password_is_never_shown() {
        assert_eq!(
            Database::parse("data/x.sqlite"),
            Database::Sqlite(PathBuf::from("data/x.sqlite"))
        );
        let url = "postgres://shop:s3cret@db.internal:5432/orders";
        assert_eq!(Database::parse(url), Database::Postgres(url.to_string()));
        assert!(Database::parse("postgresql://db/orders").is_postgres());
        assert_eq!(
            Database::parse(url).to_string(),
            "postgres://shop:***@db.internal:5432/orders"
        );
        assert!(!format!("{:?}", Database::parse(url)).contains("s3cret"));
        assert_eq!(
            Database::parse("postgres://db/orders").to_string(),
            "postgres://db/orders"
        );
    }
}
