"""The daily review digest: which blocks are due, when to send, and sending it once per channel per day."""
