"""Issues and 吹哨报到 dispatch: report, register, whistle, check in, feed back, verify, close, rate."""
