"""Image-only PDFs made from pages of the published PDFs, for the OCR tests: the same pages
as a text PDF (the reference) and as pictures of themselves, rendered with PDFium,
optionally turned a little and speckled like a scan, optionally with one figure painted
over with another (a planted misread)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pdfplumber
import pypdfium2 as pdfium
from PIL import Image, ImageDraw, ImageFilter, ImageFont


@dataclass(frozen=True)
class Plant:
    page: int  # 1-based, in the pages taken
    printed: str  # a figure as printed on that page (its first occurrence is painted over)
    instead: str


def text_pdf(source: Path, pages: list[int], target: Path) -> None:
    """The pages as they are, text layer and all."""
    original = pdfium.PdfDocument(str(source))
    copy = pdfium.PdfDocument.new()
    copy.import_pages(original, [p - 1 for p in pages])
    copy.save(str(target))
    copy.close()
    original.close()


def image_pdf(
    text_version: Path,
    target: Path,
    dpi: int = 200,
    skew: float = 0.0,
    speckle: bool = False,
    plant: Plant | None = None,
) -> None:
    """Each page of ``text_version`` as one picture, the page size kept."""
    document = pdfium.PdfDocument(str(text_version))
    images = []
    for index in range(len(document)):
        image = document[index].render(scale=dpi / 72).to_pil().convert("RGB")
        if plant and plant.page == index + 1:
            _paint(image, text_version, index, plant, dpi / 72)
        if skew:
            image = image.rotate(skew, resample=Image.BICUBIC, fillcolor=(255, 255, 255))
        if speckle:
            image = _speckled(image, seed=index)
        images.append(image)
    document.close()
    images[0].save(target, "PDF", resolution=dpi, save_all=True, append_images=images[1:])


def _paint(image: Image.Image, text_version: Path, index: int, plant: Plant, scale: float) -> None:
    with pdfplumber.open(text_version) as pdf:
        word = next(w for w in pdf.pages[index].extract_words() if w["text"] == plant.printed)
    box = [word["x0"] * scale, word["top"] * scale, word["x1"] * scale, word["bottom"] * scale]
    draw = ImageDraw.Draw(image)
    draw.rectangle([box[0] - 1, box[1] - 1, box[2] + 1, box[3] + 1], fill=(255, 255, 255))
    font = ImageFont.load_default(size=int((box[3] - box[1]) * 1.1))
    draw.text((box[0], box[1] - 1), plant.instead, fill=(0, 0, 0), font=font)


def _speckled(image: Image.Image, seed: int) -> Image.Image:
    """A scanner's blur, noise and JPEG, milder than a bad scan."""
    random = np.random.default_rng(seed)
    gray = image.convert("L").filter(ImageFilter.GaussianBlur(0.5))
    pixels = np.asarray(gray).astype(np.float32) + random.normal(0, 8, gray.size[::-1])
    specks = random.random(pixels.shape)
    pixels[specks < 0.001] = 0
    out = io.BytesIO()
    Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8)).save(out, "JPEG", quality=80)
    return Image.open(io.BytesIO(out.getvalue())).convert("RGB")
