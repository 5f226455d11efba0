"""The Trust's social media policy as data, and a pure engine that applies it to a post.

Nothing in this package knows about Teams, HTTP or storage.
"""

from policy.engine import assess
from policy.model import Advice, Post, Reason, Recommendation
from policy.pack import PolicyPack, load_pack

__all__ = ["Advice", "PolicyPack", "Post", "Reason", "Recommendation", "assess", "load_pack"]
