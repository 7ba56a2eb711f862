"""A tgmcp plugin in Python: counts the account's chats by kind.

Build (needs `pip install componentize-py`):
    componentize-py -d ../../wit/v0.1 -w reader componentize app -o count_chats.wasm
then copy count_chats.wasm into the plugins directory.
"""
import json

from wit_world import exports
from wit_world.imports import telegram_read
from wit_world.imports.types import ToolError_NotFound, ToolInfo
from componentize_py_types import Err


class Tool(exports.Tool):
    def describe(self) -> list[ToolInfo]:
        return [
            ToolInfo(
                name="py_count_chats",
                title="Count chats (Python)",
                description="Counts the account's chats by kind (user, group, channel, ...). Written in Python.",
                input_schema=json.dumps({"type": "object", "properties": {}}),
                output_schema=json.dumps(
                    {
                        "type": "object",
                        "properties": {"counts": {"type": "object", "additionalProperties": {"type": "integer"}}},
                        "required": ["counts"],
                    }
                ),
                read_only=True,
                destructive=False,
                idempotent=True,
                open_world=False,
            )
        ]

    def call(self, name: str, args_json: str) -> str:
        if name != "py_count_chats":
            raise Err(ToolError_NotFound(f"no tool named {name}"))
        counts: dict[str, int] = {}
        for chat in telegram_read.list_chats(500):
            kind = chat.kind.name.lower()
            counts[kind] = counts.get(kind, 0) + 1
        return json.dumps({"counts": counts})
