"""Drive fakegram with Telethon, an outside MTProto client, as it talks to Telegram.

Usage: telethon_client.py HOST PORT DC_ID RSA_PEM_FILE

For each transport Telethon offers (Full, Abridged, Intermediate, Obfuscated):
a fresh StringSession (no key: Telethon creates one by DH key exchange with
fakegram's RSA key, added as Telegram's keys are), AUTH_KEY_UNREGISTERED until
it signs in with phone + code, then dialogs, history, send, edit, delete, a
search with a media filter, an upload downloaded back byte-exact, and a
message sent from a second session arriving as a pushed update. Prints one
JSON line per transport; exits non-zero on the first failure.
"""
import asyncio
import json
import os
import sys

from telethon import TelegramClient, events, connection
from telethon.crypto import rsa
from telethon.errors import AuthKeyUnregisteredError
from telethon.sessions import StringSession
from telethon.tl import functions, types

API_ID, API_HASH = 1, "fakegram"
PHONE, CODE = "+15550100", "12345"
TRANSPORTS = {
    "full": connection.ConnectionTcpFull,
    "abridged": connection.ConnectionTcpAbridged,
    "intermediate": connection.ConnectionTcpIntermediate,
    "obfuscated": connection.ConnectionTcpObfuscated,
}


def fresh(host, port, dc, conn):
    client = TelegramClient(
        StringSession(), API_ID, API_HASH, connection=conn, receive_updates=True
    )
    client.session.set_dc(dc, host, port)
    return client


async def sign_in(client):
    await client.connect()
    assert client.session.auth_key is not None, "no key after connect"
    # A new key is not bound to an account: Telegram answers 401.
    try:
        await client(functions.updates.GetStateRequest())
        raise AssertionError("a fresh key read the account")
    except AuthKeyUnregisteredError:
        pass
    assert not await client.is_user_authorized()
    await client.send_code_request(PHONE)
    me = await client.sign_in(PHONE, code=CODE)
    assert await client.is_user_authorized()
    return me


async def exercise(host, port, dc, name, conn):
    out = {"transport": name}
    a = fresh(host, port, dc, conn)
    me = await sign_in(a)
    out["me"] = me.id
    dialogs = await a.get_dialogs(limit=20)
    assert dialogs, "no dialogs"
    out["dialogs"] = len(dialogs)
    history = await a.get_messages(dialogs[0], limit=5)
    out["history"] = len(history)

    sent = await a.send_message("me", f"hello over {name}")
    edited = await a.edit_message("me", sent, f"edited over {name}")
    assert edited.message == f"edited over {name}", edited.message
    got = await a.get_messages("me", ids=sent.id)
    assert got.message == f"edited over {name}", got

    data = os.urandom(70_000) + name.encode()
    up = await a.send_file("me", data, file_name=f"{name}.bin", force_document=True)
    back = await a.download_media(up, file=bytes)
    assert back == data, f"download differs: {len(back)} vs {len(data)}"
    docs = await a.get_messages("me", limit=20, filter=types.InputMessagesFilterDocument)
    assert up.id in [m.id for m in docs], "search with a media filter missed the upload"
    out["upload_bytes"] = len(back)

    await a.delete_messages("me", [sent.id])
    gone = await a.get_messages("me", ids=sent.id)
    assert gone is None, "deleted message still there"

    # A second session of the same account (its own key) sends: the first
    # gets it pushed as an update, without asking for the difference.
    arrived = asyncio.get_running_loop().create_future()

    @a.on(events.NewMessage(chats="me"))
    async def on_new(event):
        if not arrived.done():
            arrived.set_result(event.message.message)

    await a.catch_up()
    b = fresh(host, port, dc, conn)
    await sign_in(b)
    text = f"from the second session over {name}"
    await b.send_message("me", text)
    out["pushed"] = await asyncio.wait_for(arrived, 10)
    assert out["pushed"] == text, out["pushed"]
    await b.disconnect()
    await a.disconnect()
    return out


async def main():
    host, port, dc, pem = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    with open(pem) as f:
        rsa.add_key(f.read(), old=False)
    only = sys.argv[5:] or list(TRANSPORTS)
    for name in only:
        out = await asyncio.wait_for(exercise(host, port, dc, name, TRANSPORTS[name]), 60)
        print(json.dumps(out), flush=True)


if __name__ == "__main__":
    asyncio.run(main())
