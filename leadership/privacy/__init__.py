"""Data rights: consent to the privacy notice, a copy of one's data, erasure.

The core lives here, in the lowest layer; each higher app adds what it holds about a person to
`registry` in its AppConfig.ready(), so leadership never imports them.
"""
