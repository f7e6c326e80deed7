"""Roll call and the crèche's regular contracts."""


class AttendanceRpc:
    pass
