//! The store key's wrapper on AWS KMS: `escrot store key wrap --kms ARN` encrypts the
//! store's data key with `kms:Encrypt`, and opening a wrapped store decrypts it with
//! `kms:Decrypt`, both with the store's encryption context. Credentials come from the
//! standard AWS credential chain and the endpoint from `AWS_ENDPOINT_URL[_KMS]`, as every
//! AWS call of escrot ([`super::sdk_config`]).
//!
//! The region is the key ARN's, so a runner in another region (or with none configured)
//! still reaches the key; a key id or alias that is not an ARN uses the configured region.
//! The SDK is only set up when a key is wrapped or unwrapped: opening a store whose key is
//! not wrapped never touches AWS.

use aws_config::{Region, SdkConfig};
use aws_sdk_kms::primitives::Blob;
use zeroize::Zeroizing;

use escrot_store::{KeyWrapper, WrappedKey};

use super::{error_message, run_blocking, sdk_config};

/// [`KeyWrapper`] on AWS KMS. [`Default`] configures the SDK from the environment (as every
/// AWS call of escrot); [`with_config`](Self::with_config) takes a configuration made by
/// the caller (a program embedding the store).
#[derive(Clone, Debug, Default)]
pub struct KmsKeyWrapper {
    config: Option<SdkConfig>,
}

impl KmsKeyWrapper {
    /// A wrapper that calls KMS with `config` (its region replaced by a key ARN's).
    pub fn with_config(config: SdkConfig) -> KmsKeyWrapper {
        KmsKeyWrapper { config: Some(config) }
    }

    async fn client(&self, key_id: &str) -> aws_sdk_kms::Client {
        let region = arn_region(key_id);
        match &self.config {
            Some(config) => {
                let mut builder = config.to_builder();
                if let Some(region) = region {
                    builder = builder.region(Region::new(region.to_owned()));
                }
                aws_sdk_kms::Client::new(&builder.build())
            }
            None => aws_sdk_kms::Client::new(&sdk_config(None, region).await),
        }
    }
}

/// The region of a KMS key ARN (`arn:aws:kms:REGION:ACCOUNT:key/ID`).
fn arn_region(key_id: &str) -> Option<&str> {
    let mut parts = key_id.split(':');
    (parts.next() == Some("arn") && parts.nth(1) == Some("kms"))
        .then(|| parts.next())
        .flatten()
        .filter(|r| !r.is_empty())
}

impl KeyWrapper for KmsKeyWrapper {
    fn provider(&self) -> &'static str {
        "aws-kms"
    }

    fn wrap(&self, key_id: &str, data_key: &[u8], context: &[(&str, &str)]) -> Result<WrappedKey, String> {
        let plaintext = Blob::new(data_key.to_vec());
        let context: Vec<(String, String)> = context.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        let (this, key_id) = (self.clone(), key_id.to_owned());
        run_blocking(move || {
            Box::pin(async move {
                let mut request = this.client(&key_id).await.encrypt().key_id(&key_id).plaintext(plaintext);
                for (k, v) in context {
                    request = request.encryption_context(k, v);
                }
                let out = request.send().await.map_err(|e| error_message("kms:Encrypt", &e))?;
                let ciphertext =
                    out.ciphertext_blob().map(|b| b.as_ref().to_vec()).ok_or("kms:Encrypt returned no ciphertext")?;
                // KMS names the key by its ARN, which holds the region unwrapping needs.
                let key_id = out.key_id().map_or(key_id, str::to_owned);
                Ok(WrappedKey { key_id, ciphertext })
            })
        })?
    }

    fn unwrap(&self, wrapped: &WrappedKey, context: &[(&str, &str)]) -> Result<Zeroizing<Vec<u8>>, String> {
        let context: Vec<(String, String)> = context.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        let (this, wrapped) = (self.clone(), wrapped.clone());
        run_blocking(move || {
            Box::pin(async move {
                // Naming the key makes KMS refuse a ciphertext of any other key.
                let mut request = this
                    .client(&wrapped.key_id)
                    .await
                    .decrypt()
                    .key_id(&wrapped.key_id)
                    .ciphertext_blob(Blob::new(wrapped.ciphertext));
                for (k, v) in context {
                    request = request.encryption_context(k, v);
                }
                let out = request.send().await.map_err(|e| error_message("kms:Decrypt", &e))?;
                out.plaintext()
                    .map(|p| Zeroizing::new(p.as_ref().to_vec()))
                    .ok_or_else(|| "kms:Decrypt returned no plaintext".to_owned())
            })
        })?
    }
}

#[cfg(test)]
mod tests {
    use super::arn_region;

    #[test]
    fn regions_of_key_arns() {
        assert_eq!(arn_region("arn:aws:kms:eu-west-3:123456789012:key/abc"), Some("eu-west-3"));
        assert_eq!(arn_region("arn:aws-us-gov:kms:us-gov-west-1:1:alias/x"), Some("us-gov-west-1"));
        assert_eq!(arn_region("alias/escrot"), None);
        assert_eq!(arn_region("1234abcd-12ab-34cd-56ef-1234567890ab"), None);
        assert_eq!(arn_region("arn:aws:iam::123456789012:user/x"), None);
    }
}
