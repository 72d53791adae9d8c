"""The passphrase lock (storage/crypto.py): round trips, wrong passphrases, tampering."""

from __future__ import annotations

import json

import pytest

from roomtui.storage import crypto

TEXTS = ["call back about housing", "[bold]not markup[/]", "\x1b[31mred\x1b[0m", "🌱 مرحبا",
         ""]


@pytest.fixture(scope="module")
def locked():
    return crypto.new_lock("correct horse")


def test_round_trip(locked):
    lock, ring = locked
    again = crypto.unlock(json.loads(json.dumps(lock)), "correct horse")  # as stored in JSON
    for text in TEXTS:
        sealed = ring.seal(text)
        assert crypto.is_sealed(sealed)
        assert not text or text not in sealed
        assert again.open(sealed) == text


def test_same_text_seals_differently_each_time(locked):
    _lock, ring = locked
    assert ring.seal("same") != ring.seal("same")


def test_wrong_passphrase_is_told_apart(locked):
    lock, _ring = locked
    with pytest.raises(crypto.WrongPassphrase):
        crypto.unlock(lock, "correct hors")
    with pytest.raises(crypto.WrongPassphrase):
        crypto.unlock(lock, "")


def test_tampered_ciphertext_is_refused(locked):
    _lock, ring = locked
    sealed = ring.seal("a follow-up for next week")
    head, body = sealed.rsplit(":", 1)
    raw = bytearray(crypto._unb64(body))
    for i in (0, 12, len(raw) - 1):  # nonce, ciphertext, tag
        flipped = bytearray(raw)
        flipped[i] ^= 1
        with pytest.raises(crypto.Damaged):
            ring.open(f"{head}:{crypto._b64(bytes(flipped))}")
    with pytest.raises(crypto.Damaged):
        ring.open(sealed[:-8])  # cut short
    with pytest.raises(crypto.Damaged):
        ring.open(sealed.replace(ring.current, "00000000"))  # another key's id


def test_a_damaged_lock_is_not_a_wrong_passphrase(locked):
    lock, _ring = locked
    for broken in ({**lock, "salt": 5}, {**lock, "keys": []}, {**lock, "n": 3}, "text",
                   {**lock, "v": 9}, {**lock, "keys": [{"id": 1}]}):
        with pytest.raises(crypto.Damaged):
            crypto.unlock(broken, "correct horse")


def test_salt_and_key_differ_per_group():
    one, ring_one = crypto.new_lock("same passphrase")
    two, ring_two = crypto.new_lock("same passphrase")
    assert one["salt"] != two["salt"]
    assert ring_one.keys != ring_two.keys
    with pytest.raises(crypto.Damaged):  # one group's note does not open with another's keys
        ring_two.open(ring_one.seal("x"))


def test_a_changed_passphrase_keeps_old_texts_readable_until_resealed(locked):
    lock, ring = locked
    old = ring.seal("from before the change")
    new_lock, new_ring = crypto.new_lock("new one", keep=ring)
    with pytest.raises(crypto.WrongPassphrase):
        crypto.unlock(new_lock, "correct horse")
    reopened = crypto.unlock(new_lock, "new one")
    assert reopened.open(old) == "from before the change"
    assert reopened.current != ring.current
    final, final_ring = crypto.only_current(new_lock, reopened)
    with pytest.raises(crypto.Damaged):
        crypto.unlock(final, "new one").open(old)
    assert final_ring.open(final_ring.seal("after")) == "after"


def test_a_passphrase_is_the_same_however_its_accents_were_typed():
    lock, ring = crypto.new_lock("caf\u00e9 sol")
    assert crypto.unlock(lock, "cafe\u0301 sol").keys == ring.keys


def test_empty_passphrase_refused():
    with pytest.raises(ValueError):
        crypto.new_lock("")
