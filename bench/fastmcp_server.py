"""The seed's stack for the macro benchmark: a FastMCP server with `get_me`,
answering from a fixed account as the seed answers from Telethon's cache.
Usage: fastmcp_server.py sse PORT | fastmcp_server.py stdio"""
import sys

from mcp.server.fastmcp import FastMCP

transport = sys.argv[1] if len(sys.argv) > 1 else "stdio"
port = int(sys.argv[2]) if len(sys.argv) > 2 else 8000
mcp = FastMCP("telegram", host="127.0.0.1", port=port, log_level="WARNING")


@mcp.tool()
async def get_me() -> dict:
    """The account this server acts as."""
    return {"id": 1000001, "first_name": "Demo", "username": "demo", "is_bot": False}


if __name__ == "__main__":
    mcp.run(transport=transport)
