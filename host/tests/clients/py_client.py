"""Drive tgmcp with the official Python MCP SDK client, as ChatGPT-like clients do.

Usage: py_client.py sse|http URL
Lists the tools, calls the first tools (and download_media) once with sensible
arguments, checks a sent message shows up in history, decodes the demo photo,
and prints one JSON summary line.
"""
import asyncio
import base64
import json
import os
import sys

from mcp import ClientSession


async def exercise(session: ClientSession) -> dict:
    await session.initialize()
    tools = (await session.list_tools()).tools
    names = sorted(t.name for t in tools)
    out = {"tools": names, "calls": {}}

    async def call(name, args):
        r = await session.call_tool(name, args)
        out["calls"][name] = {"isError": r.isError, "structured": r.structuredContent}
        return r

    await call("get_me", {})
    await call("list_chats", {"limit": 5})
    await call("get_chat", {"chat": "me"})
    sent = await call("send_message", {"chat": "me", "text": "hello from the python sdk"})
    out["sent_id"] = sent.structuredContent["message_id"]
    hist = await call("get_history", {"chat": "me", "limit": 3})
    out["history_ids"] = [m["id"] for m in hist.structuredContent["messages"]]
    await call("search_messages", {"query": "python sdk"})
    found = await call("search", {"query": "hike"})
    first = found.structuredContent["results"][0]["id"]
    await call("fetch", {"id": first})
    # The demo's photo: an image block whose base64 the SDK hands over as is.
    photo = await session.call_tool(
        "search_messages", {"chat": "@alice_demo", "query": "bring the map"}
    )
    msg_id = photo.structuredContent["messages"][0]["id"]
    media = await call("download_media", {"chat": "@alice_demo", "id": msg_id})
    images = [c for c in media.content if c.type == "image"]
    out["image"] = {
        "mime": images[0].mimeType if images else None,
        "hex": base64.b64decode(images[0].data).hex() if images else None,
    }
    bad = await session.call_tool("get_history", {"chat": "me", "limit": "ten"})
    out["bad_args"] = {"isError": bad.isError, "text": bad.content[0].text}
    return out


async def main():
    mode, url = sys.argv[1], sys.argv[2]
    token = os.environ.get("TGMCP_TEST_TOKEN")
    headers = {"Authorization": f"Bearer {token}"} if token else None
    if mode == "sse":
        from mcp.client.sse import sse_client

        async with sse_client(url, headers=headers) as (r, w):
            async with ClientSession(r, w) as s:
                out = await exercise(s)
    else:
        from mcp.client.streamable_http import streamablehttp_client

        async with streamablehttp_client(url, headers=headers) as (r, w, _):
            async with ClientSession(r, w) as s:
                out = await exercise(s)
    print(json.dumps(out))


asyncio.run(main())
