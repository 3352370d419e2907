//! Keeping the open identity behind a hardware key, from the binder's side: never without a
//! recovery path, and the binder encrypted to the key itself where anyone can encrypt to it.

use super::*;
use crate::file::hardware::{self, HardwareKey};

impl Binder {
    /// How many live recovery keys (successor kits among them) open this binder besides its
    /// members: what still opens it when a hardware key is lost.
    pub fn recovery_paths(&self) -> Result<usize> {
        Ok(self.store.list(catalog::kind("recovery")?, false)?.len())
    }

    /// Keeps the identity this binder is open with (its file at `identity`) behind `key`
    /// instead of a passphrase. Refuses, changing nothing, unless a recovery key or successor kit
    /// also opens the binder. The key is tried once (its PIN or touch asked through `callbacks`)
    /// before the identity file is replaced. Where the key's recipient is a native one, the
    /// member record carries it, so every copy (the shared file too) is also encrypted to the key
    /// and opens with `age -d -i <identity>.hardware`. Saves.
    pub fn protect_identity_with_hardware<C: age::Callbacks>(
        &mut self,
        identity: &Path,
        key: &HardwareKey,
        callbacks: C,
    ) -> Result<()> {
        if self.recovery_paths()? == 0 {
            return Err(Error::NoRecoveryPath);
        }
        self.keys.protect_with_hardware(identity, key, callbacks)?;
        self.record_hardware_recipient(Some(key))
    }

    /// Records on the open identity's member record the recipient of the hardware key it is
    /// kept behind (`None`: none), so every copy is also encrypted to the key — where anyone can
    /// encrypt to it (a native recipient) and the member is an owner (only owners write member
    /// records; an editor's key still guards their identity). Saves when it changed anything.
    pub fn record_hardware_recipient(&mut self, key: Option<&HardwareKey>) -> Result<()> {
        let actor = self.actor().ok_or(Error::CannotSign)?;
        if self.role_of(&actor)?.as_deref() != Some("owner") {
            return Ok(());
        }
        let recipient = key
            .and_then(HardwareKey::native_recipient)
            .map(|r| r.to_string())
            .unwrap_or_default();
        self.set_hardware_recipient(&actor, recipient)
    }

    /// Keeps the identity file at `identity` behind a passphrase again (the hardware key no
    /// longer opens it, nor new copies of the binder). Saves.
    pub fn protect_identity_with_passphrase(
        &mut self,
        identity: &Path,
        passphrase: &age::secrecy::SecretString,
    ) -> Result<()> {
        self.keys.protect_with_passphrase(identity, passphrase)?;
        self.record_hardware_recipient(None)
    }

    fn set_hardware_recipient(&mut self, actor: &str, recipient: String) -> Result<()> {
        let id = format!("member-{actor}");
        let now = self
            .store
            .record(&id)?
            .map(|r| r.text("hardware_recipient"));
        if now.as_deref().unwrap_or_default() == recipient {
            return Ok(());
        }
        self.commit(text_ops(
            "member",
            &id,
            vec![("hardware_recipient", recipient)],
        ))?;
        self.save()
    }

    /// The hardware key the identity file at `identity` is kept behind, if any.
    pub fn hardware_key_of(identity: &Path) -> Option<HardwareKey> {
        hardware::protection(identity)
    }
}
