"""In-app notifications (mentions, replies, rework, invitations, finished jobs) and the optional e-mails."""
