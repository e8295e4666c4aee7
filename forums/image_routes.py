"""Pictures in forum posts: the upload (htmx from a post's form answers the Markdown that the
page's script adds to the text; without JS a page of its own shows the Markdown to copy) and the
pictures themselves, served from the data dir. Every rule is forums/images.py's."""
from __future__ import annotations

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

from forums import images
from portal import i18n
from portal.errors import Forbidden, Invalid, NotFound, Throttled
from portal.images import CONTENT_TYPE, MAX_BYTES
from portal.web.forms import require_member
from portal.web.templating import render

# A stored picture's name is new with every upload, so a browser or proxy may keep it for good.
CACHE_FOREVER = "public, max-age=31536000, immutable"
PAGE = "forums/upload_image.html"
ADDED = "forums/_image_added.html"
UPLOAD_PATH = "/forums/images"


def _htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"


async def upload_page(request: Request):
    require_member(request)
    return await render(request, PAGE, {"form": {}, "errors": {}})


async def upload(request: Request) -> Response:
    member = require_member(request)
    async with request.form(max_files=1, max_fields=8) as form:
        upload = form.get("image")
        description = form.get("picture_description")
        description = description if isinstance(description, str) else ""
        # Never trust the name or the content type the browser sent: the service reads the bytes.
        data = await upload.read(MAX_BYTES + 1) if isinstance(upload, UploadFile) else b""
    typed = {"picture_description": description}
    try:
        image = await images.upload(member, data)
    except Invalid as exc:
        if _htmx(request):
            return await render(request, ADDED, {"message": exc.errors.get("image")}, status=422)
        return await render(request, PAGE, {"form": typed, "errors": exc.errors}, status=422)
    except (Forbidden, Throttled) as refusal:
        if not _htmx(request):
            raise
        # The reason beside the picture field (vox.js swaps a refusal marked Vox-Refusal).
        headers = {"Vox-Refusal": "1"}
        if isinstance(refusal, Throttled):
            headers["Retry-After"] = str(refusal.retry_after)
        message = i18n._(refusal.message, **refusal.params) if refusal.params else i18n._(refusal.message)
        return await render(request, ADDED, {"message": message}, status=refusal.status, headers=headers)
    # Without a description the picture is still announced as one (an empty alt would hide it).
    described = images.markdown_of(image, description) if description.strip() else images.markdown_of(
        image, i18n._("Picture"))
    context = {"markdown": described, "image": image, "url": images.url_of(image)}
    if _htmx(request):
        return await render(request, ADDED, context)
    return await render(request, PAGE, {**context, "form": {}, "errors": {}})


async def show_image(request: Request):
    path = images.file_of(request.path_params["name"])
    if path is None:
        raise NotFound()
    return FileResponse(path, media_type=CONTENT_TYPE, headers={
        "cache-control": CACHE_FOREVER, "x-content-type-options": "nosniff"})


routes = [
    Route(UPLOAD_PATH, upload, methods=["POST"]),
    Route("/forums/images/upload", upload_page),
    Route("/forum-images/{name:str}", show_image),
]
