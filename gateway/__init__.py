"""Between the network and the turns: the channel's signing keys, token checks, admission control."""
