//! A database secret in Secrets Manager's standard JSON: `engine` (`postgres`, `mysql`,
//! `mariadb`), `host`, `port`, `username`, `password`, `dbname`, and `masterarn` (the
//! secret of the managing user, for the alternating-users strategy). Every other field is
//! kept as it is when a new version is written (`sslmode`, `dbClusterIdentifier`…), as
//! AWS's rotation templates copy the whole object.

use std::fmt;

use serde_json::{Map, Value};

use escrot_db::{Credential, Endpoint, Kind, Secret};

/// A database secret, read and checked.
#[derive(Clone)]
pub struct DatabaseSecret {
    /// The whole object, as read (password included): what a new version is made from.
    fields: Map<String, Value>,
    pub engine: String,
    pub kind: Kind,
    pub host: String,
    pub port: u16,
    pub username: String,
    pub password: Secret,
    pub dbname: Option<String>,
    pub masterarn: Option<String>,
}

/// Never the password, nor the other fields (they may hold more secrets).
impl fmt::Debug for DatabaseSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DatabaseSecret")
            .field("engine", &self.engine)
            .field("host", &self.host)
            .field("port", &self.port)
            .field("username", &self.username)
            .finish_non_exhaustive()
    }
}

/// What the alternating-users strategy appends to a user name for its other user.
const CLONE_SUFFIX: &str = "_clone";

/// The engines a secret may name, as `engine`.
const ENGINES: &str = "postgres, mysql or mariadb";

impl DatabaseSecret {
    /// Reads a secret's `SecretString`. `what` names it in messages (`the AWSCURRENT
    /// version of secret …`); messages never quote the text, which holds the password.
    pub fn parse(text: &str, what: &str) -> Result<DatabaseSecret, String> {
        let fields = match serde_json::from_str::<Value>(text) {
            Ok(Value::Object(fields)) => fields,
            Ok(_) => return Err(format!("{what} is not a JSON object")),
            Err(e) => {
                // serde_json's message is only the position (line, column): no content.
                return Err(format!("{what} is not JSON (line {}, column {})", e.line(), e.column()));
            }
        };
        let string = |name: &str| -> Result<Option<String>, String> {
            match fields.get(name) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::String(s)) if s.is_empty() => Ok(None),
                Some(Value::String(s)) => Ok(Some(s.clone())),
                Some(_) => Err(format!("{what}: {name} must be a string")),
            }
        };
        let required = |name: &str| string(name)?.ok_or_else(|| format!("{what} has no {name}"));
        let engine = required("engine")?;
        let kind = match engine.as_str() {
            "postgres" => Kind::Postgres,
            "mysql" | "mariadb" => Kind::Mysql,
            other => return Err(format!("{what}: engine \"{other}\" is not supported (expected {ENGINES})")),
        };
        let port = match fields.get("port") {
            None | Some(Value::Null) => default_port(kind),
            // AWS's templates read the port with `int()`: a number or a string of digits.
            Some(Value::Number(n)) => n.as_u64().and_then(|n| u16::try_from(n).ok()).filter(|p| *p > 0),
            Some(Value::String(s)) => s.trim().parse::<u16>().ok().filter(|p| *p > 0),
            Some(_) => None,
        };
        let port = port.ok_or_else(|| format!("{what}: port must be a port number (1 to 65535)"))?;
        Ok(DatabaseSecret {
            host: required("host")?,
            username: required("username")?,
            password: Secret::new(required("password")?),
            dbname: string("dbname")?,
            masterarn: string("masterarn")?,
            engine,
            kind,
            port,
            fields,
        })
    }

    /// Where the database is: `dbname`, else the engine's default (PostgreSQL's
    /// `postgres`; MySQL's none).
    pub fn endpoint(&self) -> Endpoint {
        let database = self.dbname.clone().unwrap_or_else(|| match self.kind {
            Kind::Postgres => "postgres".to_owned(),
            Kind::Mysql => String::new(),
        });
        Endpoint { host: self.host.clone(), port: self.port, database }
    }

    pub fn credential(&self) -> Credential {
        Credential { username: self.username.clone(), password: self.password.clone() }
    }

    /// The JSON of this secret with `username` and `password` replaced, every other field
    /// as it was: the text of the new version.
    pub fn with_credential(&self, username: &str, password: &Secret) -> Secret {
        let mut fields = self.fields.clone();
        fields.insert("username".into(), Value::String(username.to_owned()));
        fields.insert("password".into(), Value::String(password.expose().to_owned()));
        Secret::new(Value::Object(fields).to_string())
    }

    /// The other user of the alternating-users strategy, by the convention of AWS's
    /// templates: `NAME` and `NAME_clone` take turns. Refused when `NAME_clone` would be
    /// longer than the engine allows a user name (PostgreSQL 63 bytes, MySQL 32
    /// characters, MariaDB 80).
    pub fn alternate_username(&self) -> Result<String, String> {
        if let Some(base) = self.username.strip_suffix(CLONE_SUFFIX)
            && !base.is_empty()
        {
            return Ok(base.to_owned());
        }
        let clone = format!("{}{CLONE_SUFFIX}", self.username);
        let (length, limit, unit) = match self.engine.as_str() {
            "postgres" => (clone.len(), 63, "bytes"),
            "mysql" => (clone.chars().count(), 32, "characters"),
            _ => (clone.chars().count(), 80, "characters"),
        };
        if length > limit {
            return Err(format!(
                "user \"{}\" has no alternate user: \"{clone}\" would be longer than {}'s limit of {limit} {unit} \
                 for a user name",
                self.username, self.engine
            ));
        }
        Ok(clone)
    }

    /// The same server (host and port) as `other`.
    pub fn same_server(&self, other: &DatabaseSecret) -> bool {
        self.host == other.host && self.port == other.port
    }
}

fn default_port(kind: Kind) -> Option<u16> {
    Some(match kind {
        Kind::Postgres => 5432,
        Kind::Mysql => 3306,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const WHAT: &str = "the AWSCURRENT version";

    fn parse(text: &str) -> Result<DatabaseSecret, String> {
        DatabaseSecret::parse(text, WHAT)
    }

    #[test]
    fn reads_the_standard_fields() {
        let s = parse(r#"{"engine":"mariadb","host":"db","port":"3307","username":"app","password":"pw"}"#)
            .expect("a secret");
        assert_eq!((s.kind, s.port, s.endpoint().database.as_str()), (Kind::Mysql, 3307, ""));
        let s = parse(r#"{"engine":"postgres","host":"db","username":"app","password":"pw","dbname":"shop"}"#)
            .expect("a secret");
        assert_eq!((s.port, s.endpoint().database.as_str()), (5432, "shop"));
        let shown = format!("{s:?}");
        assert!(!shown.contains("pw"), "{shown}");
    }

    #[test]
    fn refusals_never_quote_the_text() {
        assert_eq!(parse("secret-pw").err().as_deref(), Some("the AWSCURRENT version is not JSON (line 1, column 1)"));
        assert_eq!(parse(r#"["pw"]"#).err().as_deref(), Some("the AWSCURRENT version is not a JSON object"));
        assert_eq!(
            parse(r#"{"engine":"oracle","host":"h","username":"u","password":"pw"}"#).err().as_deref(),
            Some("the AWSCURRENT version: engine \"oracle\" is not supported (expected postgres, mysql or mariadb)")
        );
        assert_eq!(
            parse(r#"{"engine":"postgres","host":"h","username":"u"}"#).err().as_deref(),
            Some("the AWSCURRENT version has no password")
        );
        assert_eq!(
            parse(r#"{"engine":"postgres","host":"h","port":70000,"username":"u","password":"pw"}"#).err().as_deref(),
            Some("the AWSCURRENT version: port must be a port number (1 to 65535)")
        );
    }

    #[test]
    fn alternate_users() {
        let user = |engine: &str, name: &str| {
            let text = serde_json::json!({"engine": engine, "host": "h", "username": name, "password": "pw"});
            parse(&text.to_string()).expect("a secret").alternate_username()
        };
        assert_eq!(user("postgres", "app").as_deref(), Ok("app_clone"));
        assert_eq!(user("postgres", "app_clone").as_deref(), Ok("app"));
        assert_eq!(user("mysql", "_clone").as_deref(), Ok("_clone_clone"));
        assert_eq!(user("postgres", &"a".repeat(57)).map(|u| u.len()), Ok(63));
        assert_eq!(
            user("postgres", &"a".repeat(58)).err().unwrap_or_default(),
            format!(
                "user \"{0}\" has no alternate user: \"{0}_clone\" would be longer than postgres's limit of 63 bytes \
                 for a user name",
                "a".repeat(58)
            )
        );
        assert!(user("mysql", &"a".repeat(27)).is_err());
        assert!(user("mariadb", &"a".repeat(27)).is_ok());
    }

    #[test]
    fn a_new_version_keeps_every_other_field() {
        let s = parse(
            r#"{"engine":"postgres","host":"h","port":5432,"username":"u","password":"old","masterarn":"arn:m",
                "sslmode":"require","extra":{"n":1.50}}"#,
        )
        .expect("a secret");
        let text = s.with_credential("u_clone", &Secret::new("new"));
        let v: Value = serde_json::from_str(text.expose()).expect("JSON");
        assert_eq!(v["username"], "u_clone");
        assert_eq!(v["password"], "new");
        assert_eq!(v["sslmode"], "require");
        assert_eq!(v["masterarn"], "arn:m");
        assert_eq!(v["extra"].to_string(), r#"{"n":1.50}"#, "numbers as written");
    }
}
