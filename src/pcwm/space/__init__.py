"""The leaderboard Space: a Gradio app (app.py) with its requirements and Space card, uploaded by
`pcwm leaderboard space`. It reads the leaderboard dataset from the Hub; pcwm itself is not installed there."""
