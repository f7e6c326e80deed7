"""Inbox between families and structures: threads, boxes, unread counts."""
