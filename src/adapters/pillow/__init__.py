"""Pillow: image inspection and rendering behind the ImageProcessor port."""
