"""Reading the log page in tests."""

SECRET = "Hemmelig politioplysning om våben"


def results(response) -> str:
    """The result table only (the search form lists every user of the Infohus)."""
    page = response.content.decode()
    return page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]


def result_rows(response) -> list[str]:
    return results(response).split("<tr>")[1:]
