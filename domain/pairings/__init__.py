"""Assistance pairings (帮扶 / 帮教 / 结对): helpers paired with persons or households, their logged
contacts judged by the cadence engine, ended only with the grid's approval (不转化不脱钩)."""
