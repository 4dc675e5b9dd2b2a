//! `escrot store key wrap|rotate|status`: the store key wrapped with AWS KMS, so runners
//! need no copy of it; the wrapping key or the data key rotated. The envelope itself is
//! `escrot_store::envelope`'s; the re-encryption is `escrot_rotation::store_key`'s.

use std::io::Write;

use crate::args::{StoreKeyArgs, StoreKeyCommand};
use crate::commands::store;
use crate::workspace::{self, Workspace, store_error};
use crate::{CliError, CliResult, EXIT_OK, Ui};
use escrot_rotation::aws::kms::KmsKeyWrapper;
use escrot_rotation::definitions::WriteError;
use escrot_store::envelope::{key_status, wrap_change};
use escrot_store::{KEY_ENV_VAR, KeyChange};

pub fn run(ui: &Ui, args: StoreKeyArgs) -> CliResult {
    match args.command {
        StoreKeyCommand::Wrap(args) => wrap(ui, &args.kms),
        StoreKeyCommand::Rotate(args) => match args.kms {
            Some(arn) => rewrap(ui, &arn),
            None => new_data_key(ui),
        },
        StoreKeyCommand::Status(_) => status(ui),
    }
}

/// Computes and commits a (re-)wrap of the data key.
fn commit_wrap(ws: &Workspace, arn: &str, rewrap: bool) -> Result<KeyChange, CliError> {
    let change = wrap_change(&*ws.lock(), &ws.key, &KmsKeyWrapper::default(), arn, rewrap).map_err(store_error)?;
    ws.lock().commit_key_change(&change, &workspace::author()).map_err(store_error)?;
    Ok(change)
}

fn wrap(ui: &Ui, arn: &str) -> CliResult {
    let ws = store::open_existing(ui)?;
    let change = commit_wrap(&ws, arn, false)?;
    ui.summary(format_args!(
        "Wrapped the store key with KMS key {}.\nRunners allowed kms:Decrypt on it now open the store with AWS \
         credentials alone: no key file, no {KEY_ENV_VAR}.",
        change.wrapping_key()
    ))?;
    if let Some(path) = workspace::key_file(ui.store.as_deref())?.filter(|p| p.exists()) {
        ui.summary(format_args!(
            "The key file {} is no longer read. Once a runner has opened the store through KMS, delete it (keep a \
             copy offline only as a way in without KMS).",
            path.display()
        ))?;
    }
    if escrot_vars::get(KEY_ENV_VAR).is_some() {
        ui.warn(format_args!("{KEY_ENV_VAR} is set: where it is set it still takes precedence; unset it to use KMS"));
    }
    Ok(EXIT_OK)
}

fn rewrap(ui: &Ui, arn: &str) -> CliResult {
    let ws = store::open_existing(ui)?;
    let before = key_status(&*ws.lock(), &ws.key).map_err(store_error)?.wrapped.map(|(_, id)| id);
    let change = commit_wrap(&ws, arn, true)?;
    let was = before.map(|id| format!(" (it was wrapped with {id})")).unwrap_or_default();
    ui.summary(format_args!(
        "Wrapped the store key with KMS key {}{was}.\nThe data key did not change: no secret was re-encrypted. \
         Runners now need kms:Decrypt on this KMS key.",
        change.wrapping_key()
    ))?;
    Ok(EXIT_OK)
}

fn new_data_key(ui: &Ui) -> CliResult {
    let ws = store::open_existing(ui)?;
    let done = escrot_rotation::store_key::rotate_data_key(
        &ws.store,
        &ws.key,
        &KmsKeyWrapper::default(),
        &workspace::author(),
    )
    .map_err(|e| match e {
        WriteError::Store(e) => store_error(e),
        e => CliError::failed(e.to_string()),
    })?;
    ui.summary(format_args!(
        "Rotated the data key: a new one, wrapped with KMS key {}; {} environment(s) re-encrypted with it, each as a \
         new revision:",
        done.wrapping_key,
        done.revisions.len()
    ))?;
    for (env, revision) in &done.revisions {
        ui.summary(format_args!("  {env}: revision {revision}"))?;
    }
    ui.summary(
        "Older revisions stay readable: the store keeps the replaced data key, sealed with the new one. A key file or \
         ESCROT_KEY holding the old key no longer opens the store.",
    )?;
    Ok(EXIT_OK)
}

fn status(ui: &Ui) -> CliResult {
    let ws = store::open_to_read(ui)?;
    let status = key_status(&*ws.lock(), &ws.key).map_err(store_error)?;
    let mut out = format!("opened with: {}\n", ws.key.origin());
    match &status.wrapped {
        Some((provider, key_id)) => out.push_str(&format!("wrapped: with {key_id} ({provider})\n")),
        None => out.push_str("wrapped: no (every runner needs a copy of the key; see `escrot store key wrap`)\n"),
    }
    out.push_str(&format!("retired data keys: {}\n", status.retired_keys));
    // Data, not a summary: printed under --quiet too.
    ui.stdout().write_all(out.as_bytes())?;
    Ok(EXIT_OK)
}
