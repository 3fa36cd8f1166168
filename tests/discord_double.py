"""A local stand-in for Discord: the REST routes factbot uses and a websocket gateway, on 127.0.0.1.

The real discord.py client runs against it unchanged (its REST base and gateway URL are pointed
here), so message parsing, command dispatch, autocomplete and rate-limit handling are discord.py's
own. Tests drive it from the "user" side (`message`, `slash`, `autocomplete`, `press`) and read what
the bot sent (`sent`, `wait_for_sent`). Any route it does not know is answered 404 and recorded in
`unknown_routes`; the fixtures fail the test for those, and whenever the bot's task dies.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from aiohttp import WSMsgType, web

API_VERSION = 10
ADMIN_PERMISSIONS = str((1 << 5) | (1 << 3))  # Manage Server + Administrator
MEMBER_PERMISSIONS = str((1 << 10) | (1 << 11) | (1 << 31))  # View Channel, Send Messages, Use Commands
EPHEMERAL = 1 << 6
CHANNEL_MESSAGE = 4
DEFERRED_CHANNEL_MESSAGE = 5
AUTOCOMPLETE_RESULT = 8


def _now() -> str:
    return datetime.now(UTC).isoformat()


def json_response(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    """JSON with exactly `application/json`: discord.py does not parse it with a charset suffix."""
    return web.Response(
        body=json.dumps(data).encode(),
        status=status,
        headers={"Content-Type": "application/json", **(headers or {})},
    )


@dataclass
class Sent:
    """One request the bot made that sends something a user would see."""

    kind: str  # "message", "callback", "followup", "edit"
    channel_id: str | None
    payload: dict[str, Any]
    files: list[tuple[str, bytes]] = field(default_factory=list)
    interaction_id: str | None = None
    at: float = field(default_factory=time.perf_counter)  # when the double received it

    @property
    def text(self) -> str:
        """Everything readable in the payload: content plus every embed's title and description."""
        data = self.payload.get("data", self.payload) if self.kind == "callback" else self.payload
        parts = [data.get("content") or ""]
        for embed in data.get("embeds") or []:
            parts += [embed.get("title") or "", embed.get("description") or ""]
        return "\n".join(p for p in parts if p)

    @property
    def data(self) -> dict[str, Any]:
        """The message body (for an interaction callback, its `data`)."""
        return self.payload.get("data") or {} if self.kind == "callback" else self.payload

    @property
    def buttons(self) -> list[dict[str, Any]]:
        """Every button in the message's components."""
        rows = self.data.get("components") or []
        return [c for row in rows for c in row.get("components", []) if c.get("type") == 2]


@dataclass
class Fault:
    """A canned error for the next matching requests: a 429 with Via, a 500, or a 401."""

    method: str
    pattern: re.Pattern[str]
    status: int
    remaining: int
    retry_after: float = 0.05


@dataclass
class _Shard:
    """One gateway connection: discord.py opens one per shard (one in all for an unsharded bot)."""

    ws: web.WebSocketResponse | None = None
    seq: int = 0
    session: str = ""
    history: list[dict[str, Any]] = field(default_factory=list)


class DiscordDouble:
    """Discord's REST API and gateway, as much of them as factbot uses, for tests and benchmarks."""

    def __init__(self) -> None:
        self._ids = itertools.count(1_100_000_000_000_000_000)
        self.application_id = self.snowflake()
        self.bot_user = self.user("factbot", bot=True)
        self.owner = self.user("owner")
        self.guilds: dict[str, dict[str, Any]] = {}
        self.token = "test-token"
        self.sent: list[Sent] = []
        self.requests: list[tuple[str, str]] = []
        self.unknown_routes: list[str] = []
        self.synced: dict[str, list[dict[str, Any]]] = {}
        self.faults: list[Fault] = []
        self.identify_payloads: list[dict[str, Any]] = []
        self.resumes = 0
        self.close_after_identify: int | None = None
        self.zombie = False  # when set, the gateway goes silent: no ACKs, no events (until a new connection)
        self._messages: dict[str, dict[str, Any]] = {}
        self._interaction_of: dict[str, str] = {}  # interaction token -> interaction id
        self.attachments: dict[str, bytes] = {}
        self.shards: dict[int, _Shard] = {}
        self.shard_count = 1  # learnt from IDENTIFY; guilds go to shard (id >> 22) % count, as on Discord
        self._changed = asyncio.Event()
        self._watched: asyncio.Task[Any] | None = None
        self._runner: web.AppRunner | None = None
        self.port = 0

    # -- lifecycle ------------------------------------------------------------------------------

    async def start(self) -> None:
        """Listen on 127.0.0.1, on a free port."""
        app = web.Application(client_max_size=32 * 1024 * 1024)
        app.router.add_get("/gateway", self._gateway)
        app.router.add_get("/attachments/{id}/{name}", self._attachment)
        app.router.add_route("*", "/api/v10/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def stop(self) -> None:
        """Close the gateway and the server."""
        for shard in self.shards.values():
            if shard.ws is not None and not shard.ws.closed:
                await shard.ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_base(self) -> str:
        """The REST base to give the bot (like discord.py's Route.BASE)."""
        return f"http://127.0.0.1:{self.port}/api/v{API_VERSION}"

    @property
    def gateway_url(self) -> str:
        """The gateway URL to give the bot."""
        return f"ws://127.0.0.1:{self.port}/gateway"

    def watch(self, task: asyncio.Task[Any]) -> None:
        """Fail every wait as soon as this task (the running bot) ends."""
        self._watched = task

    # -- model objects --------------------------------------------------------------------------

    def snowflake(self) -> str:
        """A fresh id."""
        return str(next(self._ids))

    def user(self, name: str, *, bot: bool = False) -> dict[str, Any]:
        """A user object."""
        return {
            "id": self.snowflake(),
            "username": name,
            "discriminator": "0",
            "global_name": name,
            "avatar": None,
            "bot": bot,
            "public_flags": 0,
        }

    def add_guild(
        self, name: str = "Test server", channels: tuple[str, ...] = ("general", "facts"), roles: tuple[str, ...] = ()
    ) -> dict[str, Any]:
        """A server with text channels, the bot a member; sent to the bot on IDENTIFY."""
        gid = self.snowflake()
        guild = {
            "id": gid,
            "name": name,
            "owner_id": self.owner["id"],
            "icon": None,
            "unavailable": False,
            "roles": [
                {
                    "id": gid if position == 0 else self.snowflake(),
                    "name": role_name,
                    "permissions": MEMBER_PERMISSIONS,
                    "position": position,
                    "color": 0,
                    "hoist": False,
                    "managed": False,
                    "mentionable": False,
                    "flags": 0,
                }
                for position, role_name in enumerate(("@everyone", *roles))
            ],
            "channels": [
                {
                    "id": self.snowflake(),
                    "type": 0,
                    "name": cname,
                    "position": i,
                    "permission_overwrites": [],
                    "nsfw": False,
                    "parent_id": None,
                    "rate_limit_per_user": 0,
                }
                for i, cname in enumerate(channels)
            ],
            "members": [
                {"user": self.bot_user, "roles": [], "joined_at": _now(), "deaf": False, "mute": False, "flags": 0}
            ],
            "member_count": 2,
            "large": False,
            "features": [],
            "emojis": [],
            "stickers": [],
            "threads": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "voice_states": [],
            "presences": [],
            "joined_at": _now(),
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "mfa_level": 0,
            "premium_tier": 0,
            "system_channel_flags": 0,
            "preferred_locale": "en-US",
            "nsfw_level": 0,
            "afk_timeout": 300,
        }
        self.guilds[gid] = guild
        return guild

    def role(self, guild: dict[str, Any], name: str) -> dict[str, Any]:
        """A guild's role by name."""
        return next(r for r in guild["roles"] if r["name"] == name)

    def channel(self, guild: dict[str, Any], name: str) -> dict[str, Any]:
        """A guild's channel by name."""
        return next(c for c in guild["channels"] if c["name"] == name)

    # -- the user side --------------------------------------------------------------------------

    def shard_of(self, guild_id: str | int | None) -> int:
        """The shard a server's events go to (Discord's rule); 0 for events outside servers."""
        return 0 if guild_id is None else (int(guild_id) >> 22) % self.shard_count

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        """Send a gateway event on its server's shard; kept so a resumed session can replay what it missed."""
        guild_id = data.get("id") if event == "GUILD_CREATE" else data.get("guild_id")
        shard = self.shards.setdefault(self.shard_of(guild_id), _Shard())
        shard.seq += 1
        payload = {"op": 0, "t": event, "s": shard.seq, "d": data}
        shard.history.append(payload)
        if shard.ws is not None and not shard.ws.closed and not self.zombie:
            await shard.ws.send_str(json.dumps(payload))

    async def message(
        self,
        content: str,
        *,
        guild: dict[str, Any] | None,
        channel: str = "general",
        author: dict[str, Any] | None = None,
        mention_bot: bool = False,
        mention_everyone: bool = False,
    ) -> dict[str, Any]:
        """A user posts a message (in a guild channel, or a DM when guild is None)."""
        author = author or self.user("asker")
        channel_id = self.channel(guild, channel)["id"] if guild else self.snowflake()
        if mention_bot:
            content = f"<@{self.bot_user['id']}> {content}"
        data: dict[str, Any] = {
            "id": self.snowflake(),
            "channel_id": channel_id,
            "author": author,
            "content": content,
            "timestamp": _now(),
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": mention_everyone,
            "mentions": [self.bot_user] if mention_bot else [],
            "mention_roles": [],
            "attachments": [],
            "embeds": [],
            "pinned": False,
            "type": 0,
            "flags": 0,
            "components": [],
        }
        if guild:
            data["guild_id"] = guild["id"]
            data["member"] = {"roles": [], "joined_at": _now(), "deaf": False, "mute": False, "flags": 0}
        await self.dispatch("MESSAGE_CREATE", data)
        return data

    def _interaction(
        self,
        itype: int,
        data: dict[str, Any],
        *,
        guild: dict[str, Any] | None,
        channel: str,
        user: dict[str, Any] | None,
        admin: bool,
        message: dict[str, Any] | None = None,
        roles: list[str] | None = None,
    ) -> dict[str, Any]:
        user = user or self.user("member")
        payload: dict[str, Any] = {
            "id": self.snowflake(),
            "application_id": self.application_id,
            "type": itype,
            "token": f"itoken-{self.snowflake()}",
            "version": 1,
            "data": data,
            "locale": "en-US",
            "entitlements": [],
            "attachment_size_limit": 26214400,
            "app_permissions": ADMIN_PERMISSIONS,
        }
        if guild is not None:
            chan = self.channel(guild, channel)
            perms = ADMIN_PERMISSIONS if admin else MEMBER_PERMISSIONS
            payload.update(
                guild_id=guild["id"],
                guild_locale="en-US",
                channel_id=chan["id"],
                context=0,
                channel={**chan, "guild_id": guild["id"], "permissions": perms},
                member={
                    "user": user,
                    "roles": roles or [],
                    "joined_at": _now(),
                    "permissions": perms,
                    "deaf": False,
                    "mute": False,
                    "flags": 0,
                },
                authorizing_integration_owners={"0": guild["id"]},
            )
        else:
            dm = self.snowflake()
            payload.update(
                user=user,
                channel_id=dm,
                context=1,
                channel={"id": dm, "type": 1, "recipients": [user]},
                authorizing_integration_owners={"1": user["id"]},
            )
        if message is not None:
            payload["message"] = message
        return payload

    async def slash(
        self,
        name: str,
        options: list[dict[str, Any]] | None = None,
        *,
        guild: dict[str, Any] | None,
        channel: str = "general",
        user: dict[str, Any] | None = None,
        admin: bool = False,
        resolved: dict[str, Any] | None = None,
        roles: list[str] | None = None,
    ) -> dict[str, Any]:
        """A user runs a slash command; options are Discord's option objects (roles: the user's role ids)."""
        data: dict[str, Any] = {"id": self.snowflake(), "name": name, "type": 1, "options": options or []}
        if resolved:
            data["resolved"] = resolved
        payload = self._interaction(2, data, guild=guild, channel=channel, user=user, admin=admin, roles=roles)
        await self.dispatch("INTERACTION_CREATE", payload)
        return payload

    async def autocomplete(
        self, name: str, options: list[dict[str, Any]], *, guild: dict[str, Any] | None, channel: str = "general"
    ) -> dict[str, Any]:
        """A user types into an option that has autocomplete (interaction type 4)."""
        data = {"id": self.snowflake(), "name": name, "type": 1, "options": options}
        payload = self._interaction(4, data, guild=guild, channel=channel, user=None, admin=False)
        await self.dispatch("INTERACTION_CREATE", payload)
        return payload

    async def press(
        self,
        sent: Sent,
        custom_id: str,
        *,
        guild: dict[str, Any] | None,
        channel: str = "general",
        user: dict[str, Any] | None = None,
        admin: bool = False,
    ) -> dict[str, Any]:
        """A user presses a button on a message the bot sent."""
        message = self._messages.get(str(sent.payload.get("id"))) or {
            "id": self.snowflake(),
            "channel_id": sent.channel_id,
            "author": self.bot_user,
            "content": "",
            "timestamp": _now(),
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": [],
            "embeds": [],
            "pinned": False,
            "type": 0,
            "flags": 0,
            "components": sent.data.get("components") or [],
        }
        data = {"custom_id": custom_id, "component_type": 2}
        payload = self._interaction(3, data, guild=guild, channel=channel, user=user, admin=admin, message=message)
        await self.dispatch("INTERACTION_CREATE", payload)
        return payload

    def attach(self, filename: str, data: bytes) -> dict[str, Any]:
        """An uploaded file, served from this double's own address, for an attachment option."""
        aid = self.snowflake()
        self.attachments[aid] = data
        url = f"http://127.0.0.1:{self.port}/attachments/{aid}/{filename}"
        return {
            "id": aid,
            "filename": filename,
            "size": len(data),
            "url": url,
            "proxy_url": url,
            "content_type": "application/octet-stream",
        }

    async def _attachment(self, request: web.Request) -> web.Response:
        data = self.attachments.get(request.match_info["id"])
        if data is None:
            return web.Response(status=404)
        return web.Response(body=data, headers={"Content-Type": "application/octet-stream"})

    async def submit_modal(
        self,
        modal: Sent,
        values: dict[str, str],
        *,
        guild: dict[str, Any] | None,
        admin: bool = True,
        channel: str = "general",
    ) -> dict[str, Any]:
        """A user fills in a modal the bot opened (values by text input label) and submits it."""
        data = modal.payload["data"]
        rows = []
        for component in data["components"]:
            if component["type"] == 1:  # an action row holding one text input
                inner = component["components"][0]
                rows.append(
                    {
                        "type": 1,
                        "components": [
                            {"type": 4, "custom_id": inner["custom_id"], "value": values.get(inner["label"], "")}
                        ],
                    }
                )
            elif component["type"] == 18:  # a label wrapping a text input
                inner = component["component"]
                rows.append(
                    {
                        "type": 18,
                        "component": {
                            "type": 4,
                            "custom_id": inner["custom_id"],
                            "value": values.get(component["label"], ""),
                        },
                    }
                )
        submit = {"custom_id": data["custom_id"], "components": rows}
        payload = self._interaction(5, submit, guild=guild, channel=channel, user=None, admin=admin)
        await self.dispatch("INTERACTION_CREATE", payload)
        return payload

    async def drop(self, code: int = 4000) -> None:
        """Close the gateway connection as a network drop would; discord.py should resume."""
        for shard in self.shards.values():
            if shard.ws is not None:
                await shard.ws.close(code=code)

    def fail(self, method: str, path: str, status: int, times: int = 1, retry_after: float = 0.05) -> None:
        """Answer the next `times` requests matching `method` and the `path` regex with an error."""
        self.faults.append(Fault(method, re.compile(path), status, times, retry_after))

    async def wait_for(self, predicate: Callable[[], bool], timeout: float = 5.0) -> None:
        """Wait until predicate() holds; fail at once if the watched bot task has died."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not predicate():
            if self._watched is not None and self._watched.done():
                exc = self._watched.exception() if not self._watched.cancelled() else None
                raise AssertionError(f"the bot stopped: {exc!r}")
            if self.unknown_routes:
                raise AssertionError(f"the bot called routes the double does not know: {self.unknown_routes}")
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TimeoutError("the double waited in vain")
            self._changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), timeout=min(remaining, 0.05))

    async def wait_for_sent(self, predicate: Callable[[Sent], bool], timeout: float = 5.0) -> Sent:
        """The first thing the bot sent that matches."""
        found: list[Sent] = []

        def check() -> bool:
            found[:] = [s for s in self.sent if predicate(s)]
            return bool(found)

        await self.wait_for(check, timeout)
        return found[0]

    async def reply_to(self, interaction: dict[str, Any], timeout: float = 5.0) -> Sent:
        """The bot's visible reply to an interaction: a message callback, or the followup after a defer."""
        iid = interaction["id"]
        return await self.wait_for_sent(
            lambda s: s.interaction_id == iid and (s.kind in ("followup", "edit") or s.payload.get("type") != 5),
            timeout,
        )

    # -- gateway --------------------------------------------------------------------------------

    async def _gateway(self, request: web.Request) -> web.StreamResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self.zombie = False
        await ws.send_str(json.dumps({"op": 10, "d": {"heartbeat_interval": 41250}}))
        async for msg in ws:
            if msg.type is not WSMsgType.TEXT:
                continue
            frame = json.loads(msg.data)
            op = frame.get("op")
            if op == 1 and not self.zombie:
                await ws.send_str(json.dumps({"op": 11}))
            elif op == 2:
                await self._identify(ws, frame["d"])
            elif op == 6:
                await self._resume(ws, frame["d"])
        self._changed.set()
        return ws

    async def _identify(self, ws: web.WebSocketResponse, data: dict[str, Any]) -> None:
        self.identify_payloads.append(data)
        if self.close_after_identify is not None:
            await ws.close(code=self.close_after_identify)
            return
        shard_id, self.shard_count = data.get("shard") or (0, 1)
        shard = self.shards[shard_id] = _Shard(ws=ws, session=f"session-{self.snowflake()}")
        mine = [g for g in self.guilds if self.shard_of(g) == shard_id]
        ready = {
            "v": API_VERSION,
            "user": self.bot_user,
            "session_id": shard.session,
            "resume_gateway_url": self.gateway_url,
            "guilds": [{"id": g, "unavailable": True} for g in mine],
            "application": {"id": self.application_id, "flags": 0},
            "private_channels": [],
            "relationships": [],
            "shard": [shard_id, self.shard_count],
        }
        await self._send(shard, "READY", ready)
        for guild_id in mine:
            await self._send(shard, "GUILD_CREATE", self.guilds[guild_id])

    async def _send(self, shard: _Shard, event: str, data: dict[str, Any]) -> None:
        shard.seq += 1
        payload = {"op": 0, "t": event, "s": shard.seq, "d": data}
        shard.history.append(payload)
        if shard.ws is not None and not shard.ws.closed:
            await shard.ws.send_str(json.dumps(payload))

    async def _resume(self, ws: web.WebSocketResponse, data: dict[str, Any]) -> None:
        shard = next((s for s in self.shards.values() if s.session == data.get("session_id")), None)
        if shard is None:
            await ws.send_str(json.dumps({"op": 9, "d": False}))
            return
        self.resumes += 1
        shard.ws = ws
        for payload in shard.history:
            if payload["s"] > (data.get("seq") or 0):
                await ws.send_str(json.dumps(payload))
        shard.seq += 1
        await ws.send_str(json.dumps({"op": 0, "t": "RESUMED", "s": shard.seq, "d": {}}))

    # -- REST -----------------------------------------------------------------------------------

    async def _rest(self, request: web.Request) -> web.StreamResponse:
        path = "/" + request.match_info["tail"]
        self.requests.append((request.method, path))
        try:
            if request.headers.get("Authorization") not in (f"Bot {self.token}", None) and not path.startswith(
                ("/interactions/", "/webhooks/")
            ):
                return json_response({"message": "401: Unauthorized", "code": 0}, status=401)
            for fault in self.faults:
                if fault.remaining > 0 and fault.method == request.method and fault.pattern.search(path):
                    fault.remaining -= 1
                    return self._fault(fault)
            handler = self._route(request.method, path)
            if handler is None:
                self.unknown_routes.append(f"{request.method} {path}")
                return json_response({"message": "404: Not Found", "code": 0}, status=404)
            return await handler(request, path)
        finally:
            self._changed.set()

    def _fault(self, fault: Fault) -> web.Response:
        if fault.status == 429:
            # Without `Via`, discord.py takes a 429 for a Cloudflare ban and does not retry.
            return json_response(
                {"message": "You are being rate limited.", "retry_after": fault.retry_after, "global": False},
                status=429,
                headers={"Via": "1.1 google", "X-RateLimit-Scope": "user"},
            )
        return json_response({"message": f"{fault.status}: injected", "code": 0}, status=fault.status)

    def _route(self, method: str, path: str) -> Callable[[web.Request, str], Awaitable[web.StreamResponse]] | None:
        routes: list[tuple[str, str, Callable[[web.Request, str], Awaitable[web.StreamResponse]]]] = [
            ("GET", r"^/users/@me$", self._me),
            ("GET", r"^/oauth2/applications/@me$", self._application),
            ("PUT", r"^/applications/\d+(/guilds/\d+)?/commands$", self._sync),
            ("GET", r"^/applications/\d+(/guilds/\d+)?/commands$", self._commands),
            ("POST", r"^/channels/\d+/messages$", self._create_message),
            ("POST", r"^/interactions/\d+/[^/]+/callback$", self._callback),
            ("POST", r"^/webhooks/\d+/[^/]+$", self._followup),
            ("PATCH", r"^/webhooks/\d+/[^/]+/messages/@original$", self._edit_original),
            ("PATCH", r"^/webhooks/\d+/[^/]+/messages/\d+$", self._edit_original),
        ]
        for m, pattern, handler in routes:
            if m == method and re.match(pattern, path):
                return handler
        return None

    async def _me(self, request: web.Request, path: str) -> web.Response:
        return json_response(self.bot_user)

    async def _application(self, request: web.Request, path: str) -> web.Response:
        return json_response(
            {
                "id": self.application_id,
                "name": "factbot",
                "icon": None,
                "description": "",
                "rpc_origins": [],
                "bot_public": True,
                "bot_require_code_grant": False,
                "owner": self.owner,
                "team": None,
                "verify_key": "0" * 64,
                "flags": 0,
                "summary": "",
                "bot": self.bot_user,
            }
        )

    async def _sync(self, request: web.Request, path: str) -> web.Response:
        commands = await request.json()
        stored = [
            {
                **c,
                "id": self.snowflake(),
                "application_id": self.application_id,
                "version": "1",
                "default_member_permissions": c.get("default_member_permissions"),
                "type": c.get("type", 1),
                "description": c.get("description", ""),  # Discord answers "" for message commands
            }
            for c in commands
        ]
        self.synced[path] = stored
        return json_response(stored)

    async def _commands(self, request: web.Request, path: str) -> web.Response:
        return json_response(self.synced.get(path, []))

    async def _body(self, request: web.Request) -> tuple[dict[str, Any], list[tuple[str, bytes]]]:
        if request.content_type.startswith("multipart/"):
            form = await request.post()
            payload = json.loads(str(form["payload_json"]))
            files = [(f.filename, f.file.read()) for k, f in form.items() if k.startswith("files[")]  # type: ignore[union-attr]
            return payload, files
        return await request.json(), []

    def _message(
        self, channel_id: str, payload: dict[str, Any], files: list[tuple[str, bytes]], flags: int = 0
    ) -> dict[str, Any]:
        message = {
            "id": self.snowflake(),
            "channel_id": channel_id,
            "author": self.bot_user,
            "content": payload.get("content") or "",
            "timestamp": _now(),
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "embeds": payload.get("embeds") or [],
            "attachments": [
                {
                    "id": self.snowflake(),
                    "filename": name,
                    "size": len(data),
                    "url": f"https://cdn.invalid/{name}",
                    "proxy_url": f"https://cdn.invalid/{name}",
                }
                for name, data in files
            ],
            "pinned": False,
            "type": 0,
            "flags": flags | (payload.get("flags") or 0),
            "components": payload.get("components") or [],
        }
        self._messages[message["id"]] = message
        return message

    async def _create_message(self, request: web.Request, path: str) -> web.Response:
        channel_id = path.split("/")[2]
        payload, files = await self._body(request)
        message = self._message(channel_id, payload, files)
        self.sent.append(Sent("message", channel_id, {**payload, "id": message["id"]}, files))
        return json_response(message)

    async def _callback(self, request: web.Request, path: str) -> web.Response:
        interaction_id = path.split("/")[2]
        payload, files = await self._body(request)
        self.sent.append(Sent("callback", None, payload, files, interaction_id=interaction_id))
        self._interaction_of[path.split("/")[3]] = interaction_id
        kind = payload.get("type")
        data = payload.get("data") or {}
        response: dict[str, Any] = {"interaction": {"id": interaction_id, "type": 2}}
        if kind in (CHANNEL_MESSAGE, DEFERRED_CHANNEL_MESSAGE, 7):
            message = self._message(self.snowflake(), data, files, flags=data.get("flags") or 0)
            response["interaction"].update(
                response_message_id=message["id"],
                response_message_loading=kind == DEFERRED_CHANNEL_MESSAGE,
                response_message_ephemeral=bool((data.get("flags") or 0) & EPHEMERAL),
            )
            response["resource"] = {"type": kind, "message": message}
        return json_response(response)

    async def _followup(self, request: web.Request, path: str) -> web.Response:
        token = path.split("/")[3]
        payload, files = await self._body(request)
        message = self._message(self.snowflake(), payload, files)
        self.sent.append(
            Sent(
                "followup",
                None,
                {**payload, "id": message["id"]},
                files,
                interaction_id=self._interaction_of.get(token),
            )
        )
        return json_response(message)

    async def _edit_original(self, request: web.Request, path: str) -> web.Response:
        token = path.split("/")[3]
        payload, files = await self._body(request)
        message = self._message(self.snowflake(), payload, files)
        self.sent.append(Sent("edit", None, payload, files, interaction_id=self._interaction_of.get(token)))
        return json_response(message)
