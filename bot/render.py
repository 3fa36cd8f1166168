"""Answers as Discord messages: embeds, suggestion buttons' labels, and comparison charts (PNG)."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

import discord

from knowledge.models import Answer, Status

if TYPE_CHECKING:
    from knowledge.answers import Bar, Comparison

EMBED_LIMIT = 4096
COLOUR_CURRENT = discord.Colour.from_rgb(46, 134, 193)
COLOUR_DISPUTED = discord.Colour.from_rgb(230, 126, 34)
COLOUR_DECLINE = discord.Colour.light_grey()
CHART_FILENAME = "comparison.png"


def clip(text: str, limit: int) -> str:
    """Cut text to Discord's limit with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def answer_embed(answer: Answer) -> discord.Embed:
    """The answer text as an embed; disputed facts turn it orange with a warning title."""
    disputed = any(f.status is Status.DISPUTED for f in answer.facts)
    embed = discord.Embed(
        description=clip(answer.answer, EMBED_LIMIT),
        colour=COLOUR_DISPUTED if disputed else (COLOUR_CURRENT if answer.answered else COLOUR_DECLINE),
    )
    if disputed:
        embed.title = "⚠️ Disputed: read the curator's note"
    if answer.answered:
        embed.set_footer(text=f"factbot · match {answer.score:.0f}% · sources quoted verbatim")
    return embed


def chart_png(comparison: Comparison) -> bytes:
    """A horizontal bar chart of the compared figures; bloc bars are split into their members.

    matplotlib is imported here, not at start-up: it costs most of a second and only charts need it.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    bars: list[Bar] = sorted(comparison.bars, key=lambda b: b.value)
    figure = Figure(figsize=(8, 1.8 + 0.8 * len(bars)), dpi=110)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    palette = ["#2e86c1", "#28b463", "#f39c12", "#8e44ad", "#c0392b", "#16a085"]
    # A loss is a bar to the left of zero; the axis spans both sides when figures have both signs.
    widest = max((abs(b.value) for b in bars), default=1.0) or 1.0
    for row, bar in enumerate(bars):
        if bar.parts:
            left = 0.0
            for i, (name, value) in enumerate(bar.parts):
                axes.barh(row, value, left=left, color=palette[i % len(palette)], edgecolor="white", label=name)
                if abs(value) / widest > 0.08:
                    axes.text(left + value / 2, row, name, ha="center", va="center", color="white", fontsize=8)
                left += value
        else:
            axes.barh(row, bar.value, color="#566573")
        label = bar.text + (" (source's rounded total)" if bar.rounded_total else "")
        end = max(bar.value, sum(v for _, v in bar.parts), 0.0)
        axes.text(end + widest * 0.01, row, label, va="center", fontsize=9)
    if any(b.parts for b in bars):
        axes.legend(
            loc="upper center",
            bbox_to_anchor=(0.5, -0.3),
            ncol=6,
            fontsize=8,
            frameon=False,
            title="members (cited figures)",
            title_fontsize=8,
        )
    axes.set_yticks(range(len(bars)), [b.label for b in bars])
    unit = bars[0].unit if bars else ""
    axes.set_xlabel(f"{comparison.metric} ({unit})")
    lowest = min((b.value for b in bars), default=0.0)
    axes.set_xlim(min(lowest, 0.0) * 1.1, max(max((b.value for b in bars), default=0.0), 0.0) + widest * 0.45)
    axes.spines[["top", "right"]].set_visible(False)
    axes.xaxis.set_major_formatter(lambda x, _: f"{x / 1e6:g}M" if abs(x) >= 1e6 else f"{x:,.0f}")
    figure.suptitle(f"Compared: {comparison.metric}", fontsize=11)
    figure.text(0.01, 0.01, "Figures as cited by factbot; see the answer for sources.", fontsize=7, color="#777")
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
