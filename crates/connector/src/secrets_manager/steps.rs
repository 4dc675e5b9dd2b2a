//! The four steps of a rotation, as AWS's rotation templates carry them out (the
//! contract Secrets Manager expects of a rotation function), each safe to run again with
//! the same `ClientRequestToken` — Secrets Manager retries a step that failed or timed out:
//!
//! - every step: the secret must not have rotation disabled, and the token must be a
//!   version staged `AWSPENDING`; a token already `AWSCURRENT` is a finished rotation
//!   (nothing to do);
//! - `createSecret`: unless the pending version has a value already, a copy of
//!   `AWSCURRENT` with a new password (and, alternating, the other user) put as the pending
//!   version;
//! - `setSecret`: unless the pending password already logs in, the database made to take
//!   it — by the user itself (single user; with the `AWSPREVIOUS` password when the
//!   current one no longer works), or by the managing user of `masterarn` (alternating);
//! - `testSecret`: the pending credentials log in to the database and run a query;
//! - `finishSecret`: `AWSCURRENT` moved to the token's version (Secrets Manager labels the
//!   old one `AWSPREVIOUS`).
//!
//! A step that fails changes nothing Secrets Manager serves: `AWSCURRENT` moves only in
//! `finishSecret`, as its last call.

use escrot_db::Secret;

use super::client::{AWSCURRENT, AWSPENDING, AWSPREVIOUS, Metadata, SecretsManager};
use super::event::{Event, Step};
use super::password;
use super::secret::DatabaseSecret;

/// One step's run: what it learned along the way, for its log line and its message.
pub(super) struct Rotation<'a> {
    sm: &'a SecretsManager,
    event: &'a Event,
    /// The secret's ARN once `DescribeSecret` said it, else the event's `SecretId`.
    pub(super) secret: String,
    /// Every password read or made: redacted from whatever is said.
    pub(super) seen: Vec<Secret>,
}

impl<'a> Rotation<'a> {
    pub(super) fn new(sm: &'a SecretsManager, event: &'a Event) -> Rotation<'a> {
        Rotation { sm, event, secret: event.secret_id.clone(), seen: Vec::new() }
    }

    /// Runs the event's step; what it did, or why it failed.
    pub(super) async fn run(&mut self) -> Result<String, String> {
        let meta = self.sm.describe(&self.event.secret_id).await?;
        self.secret = meta.arn.clone();
        let token = &self.event.token;
        if meta.rotation_enabled == Some(false) {
            return Err(format!("secret {} is not enabled for rotation", meta.arn));
        }
        let Some(stages) = meta.versions.get(token) else {
            return Err(format!("version {token} of secret {} has no stage for rotation", meta.arn));
        };
        if stages.iter().any(|s| s == AWSCURRENT) {
            return Ok(format!("the version is already {AWSCURRENT}: nothing to do"));
        }
        if !stages.iter().any(|s| s == AWSPENDING) {
            return Err(format!("version {token} of secret {} is not staged {AWSPENDING} for rotation", meta.arn));
        }
        match self.event.step {
            Step::Create => self.create().await,
            Step::Set => self.set().await,
            Step::Test => self.test().await,
            Step::Finish => self.finish(&meta).await,
        }
    }

    /// The database secret at `stage` (and `version`) of `secret_id`, if it has one.
    async fn read(
        &mut self,
        secret_id: &str,
        version: Option<&str>,
        stage: &str,
        what: &str,
    ) -> Result<Option<DatabaseSecret>, String> {
        let Some(text) = self.sm.value(secret_id, version, stage).await? else { return Ok(None) };
        let secret = DatabaseSecret::parse(text.expose(), what)?;
        self.seen.push(secret.password.clone());
        Ok(Some(secret))
    }

    async fn current(&mut self) -> Result<DatabaseSecret, String> {
        let what = format!("the {AWSCURRENT} version of secret {}", self.secret);
        let id = self.event.secret_id.clone();
        self.read(&id, None, AWSCURRENT, &what).await?.ok_or_else(|| format!("{what} does not exist"))
    }

    async fn pending(&mut self) -> Result<DatabaseSecret, String> {
        let what = format!("the {AWSPENDING} version {} of secret {}", self.event.token, self.secret);
        let (id, token) = (self.event.secret_id.clone(), self.event.token.clone());
        self.read(&id, Some(&token), AWSPENDING, &what)
            .await?
            .ok_or_else(|| format!("{what} has no value: createSecret has not run for it"))
    }

    async fn create(&mut self) -> Result<String, String> {
        let current = self.current().await?;
        let (id, token) = (&self.event.secret_id, &self.event.token);
        if self.sm.value(id, Some(token), AWSPENDING).await?.is_some() {
            return Ok(format!("the {AWSPENDING} version has its value already"));
        }
        let username = match current.masterarn {
            Some(_) => current.alternate_username()?,
            None => current.username.clone(),
        };
        let spec = password::from_env()?;
        let new_password = Secret::new(spec.generate(&mut escrot_password::secure_rng()?));
        self.seen.push(new_password.clone());
        let text = current.with_credential(&username, &new_password);
        self.sm.put_pending(id, token, &text, self.event.rotation_token.as_deref()).await?;
        Ok(format!("put the {AWSPENDING} version: a new password for user \"{username}\""))
    }

    async fn set(&mut self) -> Result<String, String> {
        let current = self.current().await?;
        let pending = self.pending().await?;
        if pending.kind != current.kind || !pending.same_server(&current) {
            return Err(format!(
                "the {AWSPENDING} version is for {} {}:{}, the {AWSCURRENT} one for {} {}:{}: a rotation does not \
                 move a secret to another database",
                pending.engine, pending.host, pending.port, current.engine, current.host, current.port
            ));
        }
        if escrot_db::login(pending.kind, &pending.endpoint(), &pending.credential()).await.is_ok() {
            return Ok(format!("user \"{}\" logs in with the {AWSPENDING} password already", pending.username));
        }
        match current.masterarn.clone() {
            None => self.set_own_password(&current, &pending).await,
            Some(masterarn) => self.set_other_users_password(&current, &pending, &masterarn).await,
        }
    }

    /// The single-user strategy: the user changes its own password.
    async fn set_own_password(&mut self, current: &DatabaseSecret, pending: &DatabaseSecret) -> Result<String, String> {
        if pending.username != current.username {
            return Err(format!(
                "the {AWSPENDING} version is for user \"{}\", the {AWSCURRENT} one for \"{}\": without masterarn \
                 (the single-user strategy) a user changes its own password",
                pending.username, current.username
            ));
        }
        let endpoint = pending.endpoint();
        let mut as_user = current.credential();
        if let Err(current_refused) = escrot_db::login(current.kind, &endpoint, &as_user).await {
            // The templates' fallback: a rotation whose setSecret changed the password
            // while another rotation's finishSecret had moved the labels on.
            let what = format!("the {AWSPREVIOUS} version of secret {}", self.secret);
            let id = self.event.secret_id.clone();
            let previous = self.read(&id, None, AWSPREVIOUS, &what).await?;
            let works = match &previous {
                Some(p) if p.username == pending.username && p.same_server(pending) => {
                    escrot_db::login(p.kind, &endpoint, &p.credential()).await.is_ok()
                }
                _ => false,
            };
            match previous {
                Some(p) if works => as_user = p.credential(),
                _ => {
                    return Err(format!(
                        "user \"{}\" logs in with none of the {AWSPENDING}, {AWSCURRENT} and {AWSPREVIOUS} \
                         passwords ({AWSCURRENT}: {current_refused})",
                        pending.username
                    ));
                }
            }
        }
        escrot_db::set_own_password(pending.kind, &endpoint, &as_user, &pending.password)
            .await
            .map_err(|e| format!("setting the password of user \"{}\": {}", pending.username, e.message))?;
        Ok(format!("set the password of user \"{}\" (as itself)", pending.username))
    }

    /// The alternating-users strategy: the managing user of `masterarn` sets the other
    /// user's password.
    async fn set_other_users_password(
        &mut self,
        current: &DatabaseSecret,
        pending: &DatabaseSecret,
        masterarn: &str,
    ) -> Result<String, String> {
        let alternate = current.alternate_username()?;
        if pending.username != alternate {
            return Err(format!(
                "the {AWSPENDING} version is for user \"{}\", not \"{alternate}\", the other user of \"{}\" (the \
                 alternating-users strategy)",
                pending.username, current.username
            ));
        }
        let what = format!("the {AWSCURRENT} version of the master secret {masterarn}");
        let master =
            self.read(masterarn, None, AWSCURRENT, &what).await?.ok_or_else(|| format!("{what} does not exist"))?;
        if !master.same_server(pending) {
            return Err(format!(
                "the master secret {masterarn} is for {}:{}, the database for {}:{}: its user cannot manage this \
                 database's users",
                master.host, master.port, pending.host, pending.port
            ));
        }
        escrot_db::set_password(
            pending.kind,
            &master.endpoint(),
            &master.credential(),
            &pending.username,
            &pending.password,
        )
        .await
        .map_err(|e| {
            // PostgreSQL: `role "…" does not exist`; MySQL/MariaDB: `Operation ALTER USER failed` (1396).
            let missing = e.message.contains("does not exist") || e.message.ends_with("(1396)");
            let hint = if missing {
                format!(
                    " (the alternating-users strategy needs both users: create \"{}\" with the privileges of \"{}\")",
                    pending.username, current.username
                )
            } else {
                String::new()
            };
            format!(
                "setting the password of user \"{}\" as the managing user \"{}\": {}{hint}",
                pending.username, master.username, e.message
            )
        })?;
        Ok(format!("set the password of user \"{}\" as the managing user \"{}\"", pending.username, master.username))
    }

    async fn test(&mut self) -> Result<String, String> {
        let pending = self.pending().await?;
        escrot_db::login_and_query(pending.kind, &pending.endpoint(), &pending.credential())
            .await
            .map_err(|e| format!("user \"{}\" cannot log in with the {AWSPENDING} password: {e}", pending.username))?;
        Ok(format!("user \"{}\" logs in with the {AWSPENDING} password", pending.username))
    }

    async fn finish(&mut self, meta: &Metadata) -> Result<String, String> {
        let token = &self.event.token;
        let current = meta.version_with(AWSCURRENT);
        if current == Some(token.as_str()) {
            return Ok(format!("the version is already {AWSCURRENT}: nothing to do"));
        }
        self.sm.move_current(&self.event.secret_id, token, current).await?;
        Ok(format!("moved {AWSCURRENT} here from version {}", current.unwrap_or("(none)")))
    }
}
