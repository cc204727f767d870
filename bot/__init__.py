"""Lygte gateway: channels (SMS, Signal), privacy, templates, formatting, simulator.

An SMS enters at `bot.channels.sms`, becomes a `bot.conversation.Turn` and leaves as TwiML.
"""
