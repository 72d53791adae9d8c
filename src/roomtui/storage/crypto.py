"""Passphrase locks for note texts: scrypt, then AES-GCM. No Textual, no files.

A protected group keeps a *lock* in groups.json (a plain JSON dict):

    {"v": 1, "kdf": "scrypt", "n": 32768, "r": 8, "p": 1, "salt": "<b64>",
     "keys": [{"id": "<8 hex>", "wrapped": "<b64>"}, ...]}

The passphrase and the group's random salt give a key-encrypting key (scrypt, once per
process). It unwraps the group's data key(s) with AES-GCM: if the first one does not
open, the passphrase is wrong (``WrongPassphrase``), which is how a wrong passphrase is
told apart from a damaged note (``Damaged``: the key was right, the text does not open).
A changed passphrase brings a new data key; until every note is sealed again the lock
also holds the old data key, wrapped under the new passphrase, so a crash halfway
through a change loses nothing.

A sealed text is an ordinary string, ``roomtui-locked:1:<key id>:<base64>`` (nonce and
ciphertext), so every field keeps its JSON type. There is no back door: without the
passphrase the notes cannot be read.
"""

from __future__ import annotations

import base64
import binascii
import os
import secrets
import unicodedata
from dataclasses import dataclass, field
from typing import Any, TypeAlias, TypeGuard

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

PREFIX = "roomtui-locked:1:"
#: scrypt's cost: about 0.1 s and 32 MB on a small laptop, paid once per process.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1
_WRAP_AAD = b"roomtui data key"

#: A lock as groups.json keeps it (see above); read from a file, so checked by ``unlock``.
Lock: TypeAlias = dict[str, Any]


class WrongPassphrase(Exception):
    """The passphrase does not open this group's lock."""


class Damaged(Exception):
    """A sealed text, or the lock itself, is not as roomtui wrote it."""


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode("ascii")


def _unb64(text: object) -> bytes:
    if not isinstance(text, str):
        raise Damaged("not a text")
    try:
        return base64.urlsafe_b64decode(text.encode("ascii"))
    except (binascii.Error, UnicodeEncodeError, ValueError):
        raise Damaged("not base64") from None


def is_sealed(value: object) -> TypeGuard[str]:
    return isinstance(value, str) and value.startswith(PREFIX)


def derive(passphrase: str, salt: bytes, n: int = SCRYPT_N, r: int = SCRYPT_R,
           p: int = SCRYPT_P) -> bytes:
    """The key-encrypting key for ``passphrase`` (slow on purpose).

    NFC first: "é" typed as one character or as e + accent is the same passphrase.
    """
    raw = unicodedata.normalize("NFC", passphrase).encode("utf-8")
    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(raw)


def _seal_bytes(key: bytes, plain: bytes, aad: bytes) -> bytes:
    nonce = os.urandom(12)
    return nonce + AESGCM(key).encrypt(nonce, plain, aad)


def _open_bytes(key: bytes, sealed: bytes, aad: bytes) -> bytes:
    if len(sealed) < 12 + 16:
        raise InvalidTag()
    return AESGCM(key).decrypt(sealed[:12], sealed[12:], aad)


@dataclass
class Keyring:
    """A group's data keys, unlocked: the first seals, any of them opens."""

    keys: dict[str, bytes] = field(default_factory=dict)  # key id -> data key, current first

    @property
    def current(self) -> str:
        return next(iter(self.keys))

    def seal(self, text: str) -> str:
        kid = self.current
        raw = _seal_bytes(self.keys[kid], text.encode("utf-8"), kid.encode("ascii"))
        return f"{PREFIX}{kid}:{_b64(raw)}"

    def open(self, token: str) -> str:
        """The plain text of a sealed one; ``Damaged`` if it does not open."""
        if not is_sealed(token):
            raise Damaged("not a sealed text")
        kid, _, body = token[len(PREFIX):].partition(":")
        key = self.keys.get(kid)
        if key is None:
            raise Damaged("sealed with a key this group does not have")
        try:
            return _open_bytes(key, _unb64(body), kid.encode("ascii")).decode("utf-8")
        except (InvalidTag, UnicodeDecodeError, UnicodeEncodeError):
            raise Damaged("the sealed text does not open") from None

    def reveal(self, value: object) -> object:
        """``value`` opened when sealed; anything else as it is (a note from before)."""
        return self.open(value) if is_sealed(value) else value


def _new_key_entry(kek: bytes, data_key: bytes, kid: str | None = None) -> dict[str, str]:
    kid = kid or secrets.token_hex(4)
    return {"id": kid, "wrapped": _b64(_seal_bytes(kek, data_key, _WRAP_AAD + kid.encode()))}


def new_lock(passphrase: str, keep: Keyring | None = None,
             n: int = SCRYPT_N) -> tuple[Lock, Keyring]:
    """A fresh lock (new salt, new data key) for ``passphrase``.

    ``keep``: the keys of the old lock, wrapped again under the new passphrase so texts
    not yet sealed again still open.
    """
    if not passphrase:
        raise ValueError("A passphrase cannot be empty.")
    salt = os.urandom(16)
    kek = derive(passphrase, salt, n=n)
    ring = Keyring({secrets.token_hex(4): AESGCM.generate_key(bit_length=256)})
    if keep is not None:
        for kid, key in keep.keys.items():
            ring.keys.setdefault(kid, key)
    lock = {"v": 1, "kdf": "scrypt", "n": n, "r": SCRYPT_R, "p": SCRYPT_P, "salt": _b64(salt),
            "keys": [_new_key_entry(kek, key, kid) for kid, key in ring.keys.items()]}
    return lock, ring


def only_current(lock: Lock, ring: Keyring) -> tuple[Lock, Keyring]:
    """The lock and ring without the old keys (once every text is sealed again)."""
    kid = ring.current
    return ({**lock, "keys": [e for e in lock["keys"] if e.get("id") == kid]},
            Keyring({kid: ring.keys[kid]}))


def unlock(lock: object, passphrase: str) -> Keyring:
    """The group's keys; ``WrongPassphrase`` or ``Damaged`` (a lock not as written)."""
    if not isinstance(lock, dict) or lock.get("v") != 1 or lock.get("kdf") != "scrypt":
        raise Damaged("the lock is not one roomtui knows")
    entries = lock.get("keys")
    params = [v for v in (lock.get(k) for k in ("n", "r", "p"))
              if isinstance(v, int) and not isinstance(v, bool) and v > 0]
    if (not isinstance(entries, list) or not entries
            or not all(isinstance(e, dict) and isinstance(e.get("id"), str) for e in entries)
            or len(params) != 3  # each of n, r and p a whole number above 0
            or params[0] > 2**20 or params[0] & (params[0] - 1)):
        raise Damaged("the lock is not one roomtui knows")
    salt = _unb64(lock.get("salt"))
    kek = derive(passphrase, salt, *params)
    ring = Keyring()
    for i, entry in enumerate(entries):
        try:
            kid = entry["id"]
            ring.keys[kid] = _open_bytes(kek, _unb64(entry.get("wrapped")),
                                         _WRAP_AAD + kid.encode("ascii", "replace"))
        except InvalidTag:
            if i == 0:
                raise WrongPassphrase("That passphrase does not open this group's notes.") from None
            raise Damaged("a key of the lock does not open") from None
    return ring
