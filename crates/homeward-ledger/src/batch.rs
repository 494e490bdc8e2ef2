//! Batch verification of ed25519 signatures with the terms of each key gathered: the same
//! equation as `ed25519_dalek::verify_batch`, with the same deterministic coefficients, but a
//! ledger's entries are signed by a handful of organization keys, so the multiscalar
//! multiplication gets one point per distinct key instead of one per signature — about half the
//! points, about half the work.
//!
//! For signatures `(R_i, s_i)` on messages `M_i` under keys `A_i`, with `k_i = H(R_i ‖ A_i ‖ M_i)`
//! and coefficients `z_i` derived from a transcript of every `k_i` and `s_i` (merlin, as
//! ed25519-dalek derives them), the batch holds when
//! `-(Σ z_i s_i)·B + Σ z_i·R_i + Σ_A (Σ_{i: A_i = A} z_i k_i)·A = 0`. Gathering the `A` terms
//! changes the sum's grouping, not its value: the batch is accepted exactly when dalek's is.

use curve25519_dalek::constants::ED25519_BASEPOINT_POINT;
use curve25519_dalek::edwards::{CompressedEdwardsY, EdwardsPoint};
use curve25519_dalek::scalar::Scalar;
use curve25519_dalek::traits::{IsIdentity, VartimeMultiscalarMul};
use merlin::Transcript;
use rand_core_06::{CryptoRng, RngCore};
use sha2::{Digest, Sha512};

use crate::keys::{PublicKey, Signature};

/// An RNG that leaves its output untouched, so that the transcript alone (every hash and `s`)
/// determines the coefficients, as in ed25519-dalek's batch verification.
struct ZeroRng;

impl RngCore for ZeroRng {
    fn next_u32(&mut self) -> u32 {
        rand_core_06::impls::next_u32_via_fill(self)
    }
    fn next_u64(&mut self) -> u64 {
        rand_core_06::impls::next_u64_via_fill(self)
    }
    fn fill_bytes(&mut self, _dest: &mut [u8]) {}
    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rand_core_06::Error> {
        self.fill_bytes(dest);
        Ok(())
    }
}

impl CryptoRng for ZeroRng {}

/// Whether every `signatures[i]` is a signature of `messages[i]` by `keys[i]`, checked as one
/// batch. A `false` says only that some signature fails: check them one by one to find it.
pub(crate) fn verify_batch_by_key(
    messages: &[&[u8]],
    signatures: &[Signature],
    keys: &[PublicKey],
) -> bool {
    if messages.len() != signatures.len() || keys.len() != signatures.len() {
        return false;
    }
    let hrams: Vec<[u8; 64]> = signatures
        .iter()
        .zip(keys)
        .zip(messages)
        .map(|((sig, key), message)| {
            let mut h = Sha512::new();
            h.update(&sig.0[..32]);
            h.update(key.0.as_bytes());
            h.update(message);
            h.finalize().into()
        })
        .collect();

    let mut transcript = Transcript::new(b"ed25519 batch verification");
    for hram in &hrams {
        transcript.append_message(b"hram", hram);
    }
    for sig in signatures {
        transcript.append_message(b"sig.s", &sig.0[32..]);
    }
    let mut rng = transcript.build_rng().finalize(&mut ZeroRng);

    let mut s_coefficient = Scalar::ZERO;
    let mut r_coefficients = Vec::with_capacity(signatures.len());
    let mut r_points = Vec::with_capacity(signatures.len());
    // (key bytes, point, Σ z_i k_i): a ledger batch names one key or a few.
    let mut key_terms: Vec<([u8; 32], EdwardsPoint, Scalar)> = Vec::new();
    for ((sig, key), hram) in signatures.iter().zip(keys).zip(&hrams) {
        let s_bytes: [u8; 32] = sig.0[32..].try_into().expect("64-byte signature");
        let Some(s) = Option::<Scalar>::from(Scalar::from_canonical_bytes(s_bytes)) else {
            return false;
        };
        let r_bytes: [u8; 32] = sig.0[..32].try_into().expect("64-byte signature");
        let Some(r) = CompressedEdwardsY(r_bytes).decompress() else {
            return false;
        };
        let mut z_bytes = [0u8; 16];
        rng.fill_bytes(&mut z_bytes);
        let z = Scalar::from(u128::from_le_bytes(z_bytes));
        let k = Scalar::from_bytes_mod_order_wide(hram);
        s_coefficient += z * s;
        r_coefficients.push(z);
        r_points.push(r);
        let key_bytes = key.0.to_bytes();
        match key_terms
            .iter_mut()
            .find(|(bytes, _, _)| *bytes == key_bytes)
        {
            Some((_, _, sum)) => *sum += z * k,
            None => key_terms.push((key_bytes, key.0.to_edwards(), z * k)),
        }
    }

    let scalars = std::iter::once(-s_coefficient)
        .chain(r_coefficients)
        .chain(key_terms.iter().map(|(_, _, sum)| *sum));
    let points = std::iter::once(ED25519_BASEPOINT_POINT)
        .chain(r_points)
        .chain(key_terms.iter().map(|(_, point, _)| *point));
    EdwardsPoint::vartime_multiscalar_mul(scalars, points).is_identity()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::OrganizationKey;

    fn signed(n: usize) -> (Vec<[u8; 32]>, Vec<Signature>, Vec<PublicKey>) {
        let orgs = [
            OrganizationKey::from_seed("MND", &[1; 32]),
            OrganizationKey::from_seed("MVA", &[2; 32]),
        ];
        let messages: Vec<[u8; 32]> = (0..n).map(|i| [i as u8; 32]).collect();
        // Mostly the first key, every fifth by the second: two key terms.
        let by = |i: usize| &orgs[usize::from(i % 5 == 4)];
        let signatures = messages
            .iter()
            .enumerate()
            .map(|(i, m)| by(i).sign(m))
            .collect();
        let keys = (0..n).map(|i| by(i).public_key()).collect();
        (messages, signatures, keys)
    }

    fn agree_with_dalek(messages: &[[u8; 32]], signatures: &[Signature], keys: &[PublicKey]) {
        let refs: Vec<&[u8]> = messages.iter().map(|m| &m[..]).collect();
        let ours = verify_batch_by_key(&refs, signatures, keys);
        let dalek_sigs: Vec<ed25519_dalek::Signature> =
            signatures.iter().map(Signature::dalek).collect();
        let dalek_keys: Vec<ed25519_dalek::VerifyingKey> = keys.iter().map(|k| k.0).collect();
        let theirs = ed25519_dalek::verify_batch(&refs, &dalek_sigs, &dalek_keys).is_ok();
        assert_eq!(ours, theirs);
    }

    #[test]
    fn good_batches_hold_and_any_change_fails_as_in_dalek() {
        let (messages, signatures, keys) = signed(40);
        let refs: Vec<&[u8]> = messages.iter().map(|m| &m[..]).collect();
        assert!(verify_batch_by_key(&refs, &signatures, &keys));
        assert!(verify_batch_by_key(&[], &[], &[]));
        agree_with_dalek(&messages, &signatures, &keys);

        let mut changed_message = messages.clone();
        changed_message[17][3] ^= 1;
        agree_with_dalek(&changed_message, &signatures, &keys);
        assert!(!verify_batch_by_key(
            &changed_message.iter().map(|m| &m[..]).collect::<Vec<_>>(),
            &signatures,
            &keys
        ));

        for byte in [0, 31, 32, 63] {
            let mut changed = signatures.clone();
            changed[9].0[byte] ^= 0x01;
            agree_with_dalek(&messages, &changed, &keys);
            assert!(!verify_batch_by_key(&refs, &changed, &keys), "byte {byte}");
        }

        let mut wrong_key = keys.clone();
        wrong_key.swap(3, 4);
        agree_with_dalek(&messages, &signatures, &wrong_key);
        assert!(!verify_batch_by_key(&refs, &signatures, &wrong_key));
        assert!(!verify_batch_by_key(&refs[1..], &signatures, &keys));
    }
}
