"""In-app notifications and mail: the notify and mail consumers of the event spine."""
