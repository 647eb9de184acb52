"""Evaluation: benchmark data (fetched at pinned commits), suites, scorers and the leaderboard."""
